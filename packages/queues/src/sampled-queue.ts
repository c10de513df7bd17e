import * as tf from '@tensorflow/tfjs';
import type { AliasSampler, NegativeQueue, QueueContext, StepKeys } from '@clrec/core';
import { StatelessQueue } from './stateless-queue';
import { concatI32 } from './queue-util';

/** Options of {@link SampledQueue}. */
export interface SampledQueueOptions {
  /** Proposal distribution p_n over item ids (e.g. `popularitySampler(counts)`). */
  sampler: AliasSampler;
  /** L: negatives drawn per step, shared by the batch (paper: as many as CLRec's queue, 2,560). */
  numNegatives: number;
}

/**
 * Explicit negative sampling shared by the batch (sampled softmax, shared negative sampling, or InfoNCE
 * with an explicit proposal): each step draws L ids from the proposal with replacement; keys =
 * g([batch positives ; samples]), all with gradients. Each row sees only its own positive and the L
 * samples (the other rows' positives are masked, as in TensorFlow's sampled softmax), and `logQ` holds
 * log(L · p_n(y)) for every key (the expected-count correction TensorFlow subtracts, KDD Eq. 2).
 */
export class SampledQueue extends StatelessQueue implements NegativeQueue {
  readonly name = 'sampled';
  /** How the negatives are produced (see `NegativeQueueKind`). */
  readonly kind = 'sampler' as const;
  private drawn: Int32Array | null = null;

  /** Validates the options. */
  constructor(private readonly options: SampledQueueOptions) {
    super();
    if (!Number.isInteger(options.numNegatives) || options.numNegatives < 1) {
      throw new Error(`sampled queue: numNegatives must be a positive integer, got ${options.numNegatives}`);
    }
  }

  /** L, the number of sampled negatives per step. */
  get capacity(): number {
    return this.options.numNegatives;
  }

  /** Draws this step's negatives from the proposal (the context RNG makes it reproducible). */
  prepare(_positiveIds: Int32Array, ctx: QueueContext): void {
    this.drawn = this.options.sampler.sample(ctx.rng, this.options.numNegatives);
  }

  /** Keys = g([positives ; samples]); logQ = log(L p_n(y)); other rows' positives masked. */
  keys(positiveIds: Int32Array, ctx: QueueContext): StepKeys {
    if (!this.drawn) throw new Error('sampled queue: keys() called before prepare()');
    const B = positiveIds.length;
    const ids = concatI32(positiveIds, this.drawn);
    const L = this.options.numNegatives;
    const logQ = this.options.sampler.logProb(ids).map((v) => v + Math.log(L));
    const mask = new Float32Array(B * ids.length);
    for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) if (j !== i) mask[i * ids.length + j] = -1e9;
    return {
      keys: ctx.itemEncoder.encode(tf.tensor1d(ids, 'int32')) as tf.Tensor2D,
      positives: tf.range(0, B, 1, 'int32') as tf.Tensor1D,
      keyIds: ids,
      logQ: tf.tensor1d(logQ),
      logitMask: tf.tensor2d(mask, [B, ids.length]),
    };
  }
}
