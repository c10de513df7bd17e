import * as tf from '@tensorflow/tfjs';
import type { NamedVariable, NegativeQueue, QueueContext, QueueState, StepKeys } from '@clrec/core';
import { FifoRing } from './fifo-ring';
import { checkBatch, concatI32, restoreRing } from './queue-util';

/**
 * Cached CLRec (KDD §3.1, Fig. 1c): a FIFO queue of encoded key vectors g(y) of earlier positives. Only
 * the present batch's positives are encoded (with gradients); the cached vectors are constants, so no
 * gradient reaches old keys and encoding expensive label-side features costs B, not `capacity`, per step.
 * After the update, this batch's vectors (as computed in the step) are enqueued.
 */
export class CachedQueue implements NegativeQueue {
  readonly name: string = 'cached';
  /** Plugin specification version this source implements. */
  readonly specificationVersion = 'v1' as const;
  /** How the negatives are produced (see `NegativeQueueKind`). */
  readonly kind = 'fifo' as const;
  protected ring: FifoRing | null = null;
  private pending: { ids: Int32Array; vectors: tf.Tensor2D } | null = null;

  /** @param capacity keys per step once full (this batch + capacity − batch cached vectors) */
  constructor(readonly capacity: number) {}

  /** Entries held. */
  get size(): number {
    return this.ring?.size ?? 0;
  }

  /** Nothing to do before the step. */
  prepare(positiveIds: Int32Array, _ctx?: QueueContext): void {
    checkBatch(this.name, positiveIds.length, this.capacity);
  }

  /** Keys = [g(batch) with gradients ; newest cached vectors as constants]; row i's positive is key i. */
  keys(positiveIds: Int32Array, ctx: QueueContext): StepKeys {
    const d = ctx.itemEncoder.dim;
    const ring = this.ringOf(d);
    const B = positiveIds.length;
    const fresh = ctx.itemEncoder.encode(tf.tensor1d(positiveIds, 'int32')) as tf.Tensor2D;
    this.pending?.vectors.dispose();
    this.pending = { ids: Int32Array.from(positiveIds), vectors: tf.keep(tf.clone(fresh)) };
    const k = Math.min(ring.size, this.capacity - B);
    const oldIds = ring.newestIds(k);
    const keys = k > 0 ? tf.concat([fresh, tf.tensor2d(ring.newestVectors(k), [k, d])], 0) : fresh;
    return { keys, positives: tf.range(0, B, 1, 'int32') as tf.Tensor1D, keyIds: concatI32(positiveIds, oldIds) };
  }

  /** Enqueues this step's key vectors. */
  commit(_ctx?: QueueContext): void {
    if (!this.pending) return;
    this.ring!.push(this.pending.ids, this.pending.vectors.dataSync());
    this.pending.vectors.dispose();
    this.pending = null;
  }

  /** No variables. */
  variables(): NamedVariable[] {
    return [];
  }

  /** Cached ids and vectors, oldest first. */
  state(): QueueState {
    const r = this.ring;
    return { name: this.name, capacity: this.capacity, items: r ? Array.from(r.newestIds()) : [], vectors: r ? Array.from(r.newestVectors()) : [], dim: r?.dim ?? 0 };
  }

  /** Restores cached ids and vectors. */
  restore(state: QueueState): void {
    if ((state.items?.length ?? 0) === 0) {
      this.ring?.clear();
      return;
    }
    restoreRing(this.ringOf(state.dim ?? 0), this.name, state);
  }

  /** Frees the pending batch vectors. */
  dispose(): void {
    this.pending?.vectors.dispose();
    this.pending = null;
  }

  /** The vector ring, created on first use with the encoder's width. */
  protected ringOf(dim: number): FifoRing {
    if (!this.ring) this.ring = new FifoRing(this.capacity, dim);
    if (this.ring.dim !== dim) throw new Error(`${this.name} queue: holds vectors of dim ${this.ring.dim}, the encoder gives ${dim}`);
    return this.ring;
  }
}
