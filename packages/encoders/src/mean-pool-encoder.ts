import * as tf from '@tensorflow/tfjs';
import type { ItemEncoder, NamedVariable, Rng, UserEncoder } from '@clrec/core';
import { HistoryEmbedding, type PositionalMode } from './history-embedding';
import { Dense } from './layer-ops';
import type { TimedSequenceBatch } from './sequence-batch';

/** Options of {@link MeanPoolEncoder}. */
export interface MeanPoolOptions {
  /** Item encoder shared with the label side; history clicks are embedded with it. */
  itemEncoder: ItemEncoder;
  /** Put a two-layer MLP (d → d, ReLU, d → d) on the mean (KDD Table 12 "MeanPooling + MLP"). */
  mlp?: boolean;
  /** Longest history kept (positional table size), default 50. */
  maxLen?: number;
  /** Positional embedding of the clicks (default `none`: a plain bag of items). */
  positional?: PositionalMode;
  /** Std of the positional table's normal init (default 0.01, as for MultiAtt). */
  positionInitStd?: number;
  /** Rows of the time-bucket table (0 = none, the default). */
  timeBuckets?: number;
  /** Seeded generator. */
  rng: Rng;
  /** Parameter name prefix, default `user`. */
  name?: string;
}

/**
 * The mean-pooling baseline user encoder (YouTube-DNN style; KDD Table 12 "MeanPooling"):
 * f(x) = (1/|x|) Σ_t x_t over the history's click embeddings, optionally followed by
 * MLP(u) = W₂ ReLU(W₁ u + b₁) + b₂. The output is not normalised: under cosine similarity its norm
 * is irrelevant, under dot-product similarity it is part of the score. Padding never changes it.
 */
export class MeanPoolEncoder implements UserEncoder {
  /** Plugin specification version this encoder implements. */
  readonly specificationVersion = 'v1' as const;
  readonly dim: number;
  /** Click embeddings (item, positional and time tables). */
  readonly history: HistoryEmbedding;
  private readonly mlp: [Dense, Dense] | null;

  /** Creates the (optional) positional, time and MLP weights. */
  constructor(options: MeanPoolOptions) {
    const d = options.itemEncoder.dim;
    const p = options.name ?? 'user';
    this.dim = d;
    this.history = new HistoryEmbedding({
      itemEncoder: options.itemEncoder, maxLen: options.maxLen, positional: options.positional ?? 'none',
      positionInitStd: options.positionInitStd ?? 0.01, timeBuckets: options.timeBuckets ?? 0, rng: options.rng, name: p,
    });
    this.mlp = options.mlp ? [new Dense(options.rng, d, d, `${p}.mean_mlp.l1`), new Dense(options.rng, d, d, `${p}.mean_mlp.l2`)] : null;
  }

  /** Histories `[B, T]` → user vectors `[B, d]`. */
  encode(batch: TimedSequenceBatch): tf.Tensor2D {
    return tf.tidy(() => {
      const x = this.history.embed(batch); // [B,T,d], zero on padding
      const count = tf.maximum(tf.sum(batch.mask, 1, true), 1); // [B,1]
      const mean = tf.div(tf.sum(x, 1), count) as tf.Tensor2D;
      if (!this.mlp) return mean;
      return this.mlp[1].apply(tf.relu(this.mlp[0].apply(mean))) as tf.Tensor2D;
    });
  }

  /** Positional / time tables (those that exist) and the MLP. */
  variables(): NamedVariable[] {
    const out = this.history.variables();
    if (this.mlp) out.push(...this.mlp[0].variables(), ...this.mlp[1].variables());
    return out;
  }
}
