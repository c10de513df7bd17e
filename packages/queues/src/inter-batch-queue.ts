import * as tf from '@tensorflow/tfjs';
import type { NamedVariable, NegativeQueue, QueueContext, QueueState, StepKeys } from '@clrec/core';
import { FifoRing } from './fifo-ring';
import { checkBatch, restoreRing } from './queue-util';

/**
 * CLRec-inter (KDD §3.1, Fig. 1b): a FIFO queue of the raw item ids of earlier positives. Each step
 * enqueues the batch's positives first, then re-encodes every queued item with the current item encoder,
 * so gradients flow through all keys. Keys per step = `capacity` once full (this batch + the
 * `capacity − batch` most recent earlier positives), independent of the batch size.
 */
export class InterBatchQueue implements NegativeQueue {
  readonly name = 'inter';
  /** Plugin specification version this source implements. */
  readonly specificationVersion = 'v1' as const;
  /** How the negatives are produced (see `NegativeQueueKind`). */
  readonly kind = 'fifo' as const;
  private readonly ring: FifoRing;

  /** @param capacity keys per step once full (paper: 2,560 with batch 256) */
  constructor(readonly capacity: number) {
    this.ring = new FifoRing(capacity);
  }

  /** Entries held. */
  get size(): number {
    return this.ring.size;
  }

  /** Enqueues the batch's positives (before the loss, as in the paper). */
  prepare(positiveIds: Int32Array, _ctx?: QueueContext): void {
    checkBatch(this.name, positiveIds.length, this.capacity);
    this.ring.push(positiveIds);
  }

  /** Keys = g(all queued ids), oldest first; the batch's positives are the last B keys. */
  keys(positiveIds: Int32Array, ctx: QueueContext): StepKeys {
    const ids = this.ring.newestIds();
    const first = ids.length - positiveIds.length;
    return {
      keys: ctx.itemEncoder.encode(tf.tensor1d(ids, 'int32')) as tf.Tensor2D,
      positives: tf.range(first, ids.length, 1, 'int32') as tf.Tensor1D,
      keyIds: ids,
    };
  }

  /** Nothing to commit (ids were enqueued in prepare). */
  commit(_ctx?: QueueContext): void {}

  /** No variables. */
  variables(): NamedVariable[] {
    return [];
  }

  /** Queued ids, oldest first. */
  state(): QueueState {
    return { name: this.name, capacity: this.capacity, items: Array.from(this.ring.newestIds()) };
  }

  /** Restores queued ids. */
  restore(state: QueueState): void {
    restoreRing(this.ring, this.name, state);
  }

  /** Nothing to free. */
  dispose(): void {}
}
