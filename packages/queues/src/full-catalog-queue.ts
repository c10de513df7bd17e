import * as tf from '@tensorflow/tfjs';
import type { NegativeQueue, QueueContext, StepKeys } from '@clrec/core';
import { StatelessQueue } from './stateless-queue';

/**
 * The whole catalog as keys, for the exact full softmax (MLE, KDD Eq. 1) and the IPW loss: keys =
 * g(0..numItems) with gradients, row i's positive is key `positiveIds[i]`, and the padding item 0 is
 * masked. Cost grows with the catalog: use it for catalogs that fit.
 */
export class FullCatalogQueue extends StatelessQueue implements NegativeQueue {
  readonly name = 'full';
  /** How the negatives are produced (see `NegativeQueueKind`). */
  readonly kind = 'catalog' as const;

  /** @param numItems catalog size (ids 1..numItems) */
  constructor(private readonly numItems: number) {
    super();
  }

  /** numItems + 1 keys (padding included, masked). */
  get capacity(): number {
    return this.numItems + 1;
  }

  /** Nothing to prepare. */
  prepare(_positiveIds?: Int32Array, _ctx?: QueueContext): void {}

  /** Keys = g(every item); padding masked with a broadcast `[1, numItems + 1]` mask. */
  keys(positiveIds: Int32Array, ctx: QueueContext): StepKeys {
    const n = this.numItems + 1;
    const mask = new Float32Array(n);
    mask[0] = -1e9;
    return {
      keys: ctx.itemEncoder.encode(tf.range(0, n, 1, 'int32')) as tf.Tensor2D,
      positives: tf.tensor1d(positiveIds, 'int32'),
      keyIds: Int32Array.from({ length: n }, (_, i) => i),
      logitMask: tf.tensor2d(mask, [1, n]),
    };
  }
}
