import * as tf from '@tensorflow/tfjs';
import type { AliasSampler, NegativeQueue, QueueContext, StepKeys } from '@clrec/core';
import { StatelessQueue } from './stateless-queue';

/** Options of {@link PerUserSampledQueue}. */
export interface PerUserSampledQueueOptions {
  /** Proposal, usually `degreeSampler(counts)` (degree^0.75, KDD App. B.3). */
  sampler: AliasSampler;
  /** k: negatives drawn for each positive (the paper tuned 8 to 2,560). */
  negativesPerPositive: number;
}

/**
 * Negative sampling's source (word2vec style): k negatives drawn independently for every positive.
 * Keys = g(batch positives) (row i's positive is key i); `userNegatives` = g(draws) `[B, k, d]`.
 */
export class PerUserSampledQueue extends StatelessQueue implements NegativeQueue {
  readonly name = 'per-user';
  /** How the negatives are produced (see `NegativeQueueKind`). */
  readonly kind = 'sampler' as const;
  private drawn: Int32Array | null = null;

  /** Validates the options. */
  constructor(private readonly options: PerUserSampledQueueOptions) {
    super();
    if (!Number.isInteger(options.negativesPerPositive) || options.negativesPerPositive < 1) {
      throw new Error(`per-user queue: negativesPerPositive must be a positive integer, got ${options.negativesPerPositive}`);
    }
  }

  /** k, negatives per positive. */
  get capacity(): number {
    return this.options.negativesPerPositive;
  }

  /** Draws B·k negatives. */
  prepare(positiveIds: Int32Array, ctx: QueueContext): void {
    this.drawn = this.options.sampler.sample(ctx.rng, positiveIds.length * this.options.negativesPerPositive);
  }

  /** Keys = g(positives); userNegatives = g(draws) as `[B, k, d]`. */
  keys(positiveIds: Int32Array, ctx: QueueContext): StepKeys {
    if (!this.drawn) throw new Error('per-user queue: keys() called before prepare()');
    const B = positiveIds.length;
    const k = this.options.negativesPerPositive;
    const d = ctx.itemEncoder.dim;
    const neg = ctx.itemEncoder.encode(tf.tensor1d(this.drawn, 'int32'));
    return {
      keys: ctx.itemEncoder.encode(tf.tensor1d(positiveIds, 'int32')) as tf.Tensor2D,
      positives: tf.range(0, B, 1, 'int32') as tf.Tensor1D,
      keyIds: Int32Array.from(positiveIds),
      userNegatives: { vectors: tf.reshape(neg, [B, k, d]) as tf.Tensor3D, ids: this.drawn },
    };
  }

  /** Forgets the draws. */
  override commit(_ctx?: QueueContext): void {
    this.drawn = null;
  }
}
