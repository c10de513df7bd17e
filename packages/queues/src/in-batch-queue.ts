import * as tf from '@tensorflow/tfjs';
import type { NegativeQueue, QueueContext, StepKeys } from '@clrec/core';
import { StatelessQueue } from './stateless-queue';

/**
 * CLRec-intra (KDD Fig. 1a): the negatives of each example are the other positives of the present
 * batch, encoded with gradients. Stateless; the number of keys equals the batch size.
 */
export class InBatchQueue extends StatelessQueue implements NegativeQueue {
  readonly name = 'in-batch';
  /** How the negatives are produced (see `NegativeQueueKind`). */
  readonly kind = 'fifo' as const;
  readonly capacity = 0;

  /** Nothing to prepare. */
  prepare(_positiveIds?: Int32Array, _ctx?: QueueContext): void {}

  /** Keys = g(batch positives); row i's positive is key i. */
  keys(positiveIds: Int32Array, ctx: QueueContext): StepKeys {
    const B = positiveIds.length;
    return {
      keys: ctx.itemEncoder.encode(tf.tensor1d(positiveIds, 'int32')) as tf.Tensor2D,
      positives: tf.range(0, B, 1, 'int32') as tf.Tensor1D,
      keyIds: Int32Array.from(positiveIds),
    };
  }
}
