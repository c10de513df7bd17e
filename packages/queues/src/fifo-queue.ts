import type { NegativeQueue, QueueState } from '@clrec/core';

/**
 * Fixed-capacity first-in first-out queue of item ids (a ring buffer). CLRec-inter keeps the positives
 * of earlier batches here and re-encodes them every step as the negatives of the present batch
 * (KDD §3.1, Fig. 1b). The capacity is independent of the batch size (paper: batch 256, queue 2,560).
 *
 * Semantics: the present batch is enqueued *before* the loss is computed, so `contents()` holds the
 * batch's own positives as its newest entries followed, going back in time, by up to
 * `capacity − batch` earlier positives. While the queue is filling (early steps) it simply holds fewer
 * entries: the loss then uses all that is there, never padding or zeros.
 */
export class FifoQueue implements NegativeQueue {
  readonly name: string;
  readonly capacity: number;
  private readonly buf: Int32Array;
  private head = 0; // index of the oldest entry
  private count = 0;

  /**
   * @param capacity maximum number of held item ids (≥ 1)
   * @param name registry name stored in checkpoints (default `inter`)
   */
  constructor(capacity: number, name = 'inter') {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`FifoQueue: capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.name = name;
    this.buf = new Int32Array(capacity);
  }

  /** Number of ids currently held. */
  get size(): number {
    return this.count;
  }

  /** Appends ids oldest-first; when full, the oldest entries are dropped. */
  enqueue(itemIds: ArrayLike<number>): void {
    const n = itemIds.length;
    const start = Math.max(0, n - this.capacity); // only the newest `capacity` of a huge batch survive
    for (let i = start; i < n; i++) {
      const tail = (this.head + this.count) % this.capacity;
      this.buf[tail] = itemIds[i];
      if (this.count < this.capacity) this.count++;
      else this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Held ids, oldest first; the most recently enqueued batch is at the end. */
  contents(): Int32Array {
    const out = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.buf[(this.head + i) % this.capacity];
    return out;
  }

  /** JSON-serializable state (ids oldest first). */
  state(): QueueState {
    return { name: this.name, capacity: this.capacity, items: Array.from(this.contents()) };
  }

  /** Restores a saved state; a larger saved queue keeps only its newest `capacity` entries. */
  restore(state: QueueState): void {
    if (!state || !Array.isArray(state.items)) throw new Error('FifoQueue.restore: state.items must be an array of item ids');
    this.head = 0;
    this.count = 0;
    this.enqueue(state.items);
  }
}
