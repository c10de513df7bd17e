import * as tf from '@tensorflow/tfjs';
import { infoNceLoss, MASKED_LOGIT, type UserEncoder } from '@clrec/core';
import { packHistories, toSequenceBatch } from '@clrec/encoders';
import { FifoRing } from '@clrec/queues';
import type { HistoryStepBatch, StepAuxiliary } from './train-step';

/** Options of {@link U2uAuxiliary}. */
export interface U2uOptions {
  /** Weight of the u2u loss added to the u2i loss. */
  weight: number;
  /** Cosine temperature ρ (as the u2i loss). */
  temperature: number;
  /** Keys per step once full: this batch's future sequences + the newest cached ones (paper: 2,560). */
  capacity: number;
  /** Longest key sequence (the paper: fewer than ten clicks; here ≤ this many). */
  futureLength: number;
}

/**
 * The u2u pretext task (KDD §4.2.2, Table 7; v1 App. C.4), co-trained with u2i: the query is the
 * user vector f(x) of the u2i task (the clicks before a time t), the key is the user's next ≤ L
 * clicks from t on, encoded by a key encoder of the same shape as f that shares the item embeddings, or
 * by f itself (the paper's best row: MoCo λ = 0, `u2uKeyEncoder: 'shared'`). Keys live in a cached FIFO queue (CLRec-cached, Fig. 1c): this batch's keys carry gradients to the
 * key encoder, older keys are constants. Keys from the row's own user (in the batch or the cache) are
 * masked: they are the same user's overlapping futures, not negatives. Loss: weight · InfoNCE.
 */
export class U2uAuxiliary implements StepAuxiliary {
  readonly name = 'u2u';

  /** Clicks from each positive on that the step must pass as `futures` (the key sequences). */
  get futureLength(): number {
    return this.opts.futureLength;
  }
  private readonly ring: FifoRing;
  private readonly infoNce;
  private pending: { users: Int32Array; vectors: tf.Tensor2D } | null = null;

  /** @param keyEncoder the key-side sequence encoder (`Model.u2uKey`, or `Model.user` to share the query encoder) */
  constructor(private readonly keyEncoder: UserEncoder, private readonly opts: U2uOptions) {
    if (!(opts.weight > 0)) throw new Error(`U2uAuxiliary: weight must be > 0, got ${opts.weight}`);
    if (!Number.isInteger(opts.futureLength) || opts.futureLength < 1) throw new Error(`U2uAuxiliary: futureLength must be a positive integer, got ${opts.futureLength}`);
    this.ring = new FifoRing(opts.capacity, keyEncoder.dim);
    this.infoNce = infoNceLoss({ temperature: opts.temperature });
  }

  /** Cached key vectors held. */
  get size(): number {
    return this.ring.size;
  }

  /** weight · InfoNCE(f(x), [key(futures); cached keys]) with same-user keys masked. */
  loss(users: tf.Tensor2D, batch: HistoryStepBatch): tf.Scalar {
    const { futures, users: owners } = batch;
    if (!futures || !owners) throw new Error('u2u: the step batch has no futures / users (the step runner must fill them when --u2u is on)');
    const B = futures.length;
    if (B > this.opts.capacity) throw new Error(`u2u: batch size ${B} exceeds the u2u queue capacity ${this.opts.capacity}; raise --u2u-queue-size`);
    let longest = 1;
    for (const f of futures) {
      if (f.length === 0) throw new Error('u2u: an example has an empty future (it must start with the positive)');
      longest = Math.max(longest, f.length);
    }
    const fresh = this.keyEncoder.encode(toSequenceBatch(packHistories(futures, Math.min(this.opts.futureLength, longest))));
    this.pending?.vectors.dispose();
    this.pending = { users: Int32Array.from(owners), vectors: tf.keep(tf.clone(fresh)) };
    const k = Math.min(this.ring.size, this.opts.capacity - B);
    const cachedOwners = this.ring.newestIds(k);
    const keys = k > 0 ? tf.concat([fresh, tf.tensor2d(this.ring.newestVectors(k), [k, this.keyEncoder.dim])], 0) : fresh;
    const N = B + k;
    const mask = new Float32Array(B * N);
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < B; j++) if (j !== i && owners[j] === owners[i]) mask[i * N + j] = MASKED_LOGIT;
      for (let j = 0; j < k; j++) if (cachedOwners[j] === owners[i]) mask[i * N + B + j] = MASKED_LOGIT;
    }
    const value = this.infoNce.compute({
      users, keys: keys as tf.Tensor2D, positives: tf.range(0, B, 1, 'int32') as tf.Tensor1D, logitMask: tf.tensor2d(mask, [B, N]),
    });
    return tf.mul(value, this.opts.weight) as tf.Scalar;
  }

  /** Caches this step's key vectors (as computed in the step) with their users. */
  commit(): void {
    if (!this.pending) return;
    this.ring.push(this.pending.users, this.pending.vectors.dataSync());
    this.pending.vectors.dispose();
    this.pending = null;
  }

  /** Frees the pending key vectors. */
  dispose(): void {
    this.pending?.vectors.dispose();
    this.pending = null;
  }
}

/**
 * The u2u key of each example: the clicks of `sequence` from position `t` (the positive) on, at most
 * `length` of them (a view, not a copy).
 */
export function futureClicks(sequence: Int32Array, t: number, length: number): Int32Array {
  return sequence.subarray(t, Math.min(sequence.length, t + length));
}
