import * as tf from '@tensorflow/tfjs';
import type { ItemEncoder, NamedVariable, NegativeQueue, QueueContext, QueueState, StepKeys } from '@clrec/core';
import { FifoRing } from './fifo-ring';
import { checkBatch, concatI32, restoreRing } from './queue-util';

/** Options of {@link MomentumQueue}. */
export interface MomentumQueueOptions {
  /** Keys per step once full (present batch + cached earlier keys). */
  capacity: number;
  /** λ in θk ← λ θk + (1 − λ) θq; the paper searched {0.9, 0.99, 0.999, 0.9999}. */
  momentum: number;
  /** The trainable (query-side) item encoder; it must implement `clone`. */
  itemEncoder: ItemEncoder;
}

/**
 * CLRec-MoCo (v1 §3.2.3): a cached queue whose keys come from a momentum copy of the item encoder.
 * Before each step the batch's positives are encoded by the key encoder (no gradient); the loss sees
 * [those ; cached earlier keys] as constants; after the update the key encoder follows the query
 * encoder, θk ← λθk + (1 − λ)θq, and the batch's keys are enqueued.
 */
export class MomentumQueue implements NegativeQueue {
  readonly name = 'moco';
  /** Plugin specification version this source implements. */
  readonly specificationVersion = 'v1' as const;
  /** How the negatives are produced (see `NegativeQueueKind`). */
  readonly kind = 'fifo' as const;
  readonly capacity: number;
  readonly momentum: number;
  /** The momentum key encoder (its variables are checkpointed through {@link MomentumQueue.variables}). */
  readonly keyEncoder: ItemEncoder;
  private readonly query: ItemEncoder;
  private readonly ring: FifoRing;
  private batch: { ids: Int32Array; vectors: Float32Array } | null = null;

  /** Clones the query encoder's current weights into the key encoder. */
  constructor(options: MomentumQueueOptions) {
    const { capacity, momentum, itemEncoder } = options;
    if (!(momentum >= 0 && momentum < 1)) throw new Error(`moco queue: momentum must be in [0, 1), got ${momentum}`);
    if (!itemEncoder.clone) throw new Error('moco queue: the item encoder does not implement clone(), which the momentum key encoder needs');
    this.capacity = capacity;
    this.momentum = momentum;
    this.query = itemEncoder;
    this.keyEncoder = itemEncoder.clone('moco_key');
    this.ring = new FifoRing(capacity, itemEncoder.dim);
  }

  /** Entries held. */
  get size(): number {
    return this.ring.size;
  }

  /** Encodes the batch's positives with the key encoder, outside the gradient scope. */
  prepare(positiveIds: Int32Array, _ctx?: QueueContext): void {
    checkBatch(this.name, positiveIds.length, this.capacity);
    const v = tf.tidy(() => this.keyEncoder.encode(tf.tensor1d(positiveIds, 'int32')));
    this.batch = { ids: Int32Array.from(positiveIds), vectors: v.dataSync() as Float32Array };
    v.dispose();
  }

  /** Keys = [key-encoded batch ; cached keys], all constants; row i's positive is key i. */
  keys(positiveIds: Int32Array, _ctx: QueueContext): StepKeys {
    if (!this.batch) throw new Error('moco queue: keys() called before prepare()');
    const B = positiveIds.length;
    const d = this.ring.dim;
    const k = Math.min(this.ring.size, this.capacity - B);
    const vecs = new Float32Array((B + k) * d);
    vecs.set(this.batch.vectors);
    vecs.set(this.ring.newestVectors(k), B * d);
    return {
      keys: tf.tensor2d(vecs, [B + k, d]),
      positives: tf.range(0, B, 1, 'int32') as tf.Tensor1D,
      keyIds: concatI32(positiveIds, this.ring.newestIds(k)),
    };
  }

  /** Momentum update of the key encoder, then enqueue the batch's keys. */
  commit(_ctx?: QueueContext): void {
    const q = this.query.variables();
    const k = this.keyEncoder.variables();
    const lambda = this.momentum;
    tf.tidy(() => {
      k.forEach((kv, i) => kv.variable.assign(tf.add(tf.mul(kv.variable, lambda), tf.mul(q[i].variable, 1 - lambda))));
    });
    if (this.batch) this.ring.push(this.batch.ids, this.batch.vectors);
    this.batch = null;
  }

  /** The key encoder's variables (non-trainable here; saved in checkpoints). */
  variables(): NamedVariable[] {
    return this.keyEncoder.variables();
  }

  /** Cached ids and key vectors, oldest first. */
  state(): QueueState {
    return { name: this.name, capacity: this.capacity, items: Array.from(this.ring.newestIds()), vectors: Array.from(this.ring.newestVectors()), dim: this.ring.dim };
  }

  /** Restores cached ids and key vectors (the key encoder's weights come from the checkpoint's variables). */
  restore(state: QueueState): void {
    restoreRing(this.ring, this.name, state);
  }

  /** Frees the key encoder. */
  dispose(): void {
    for (const v of this.keyEncoder.variables()) v.variable.dispose();
  }
}
