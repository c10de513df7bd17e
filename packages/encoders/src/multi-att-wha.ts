import * as tf from '@tensorflow/tfjs';
import {
  glorotNormalVariable,
  type ItemEncoder,
  l2Normalize,
  type NamedVariable,
  onMaskedRows,
  type Rng,
  type UserEncoder,
  zerosVariable,
} from '@clrec/core';
import { HistoryEmbedding, type PositionalMode } from './history-embedding';
import { Dense } from './layer-ops';
import type { TimedSequenceBatch } from './sequence-batch';

/**
 * How the H head embeddings become one user vector (the rows of KDD Table 12):
 * `wha` weighted head aggregation (the paper's), `mean` the plain mean of the heads, `mean-mlp` an
 * MLP on that mean, `concat-mlp` an MLP on the concatenated heads.
 */
export type HeadAggregation = 'wha' | 'mean' | 'mean-mlp' | 'concat-mlp';

/** The valid {@link HeadAggregation} values. */
export const HEAD_AGGREGATIONS: readonly HeadAggregation[] = ['wha', 'mean', 'mean-mlp', 'concat-mlp'];

/** Options of {@link MultiAttWhaEncoder}. */
export interface MultiAttWhaOptions {
  /** Item encoder shared with the label side; history clicks are embedded with it. */
  itemEncoder: ItemEncoder;
  /** Number of attention heads H (default 8). */
  heads?: number;
  /** Hidden width of the two-layer attention-score MLP (default d). */
  hidden?: number;
  /** Longest history kept (positional table size), default 50. */
  maxLen?: number;
  /**
   * Positional embedding added to history clicks: `backward` (the paper's: earliest kept click = 0),
   * `forward` (latest click = 0), or `none`. Default `backward`.
   */
  positional?: PositionalMode;
  /**
   * Standard deviation of the positional table's normal initialisation (default 0.01). It must be on
   * the scale of the item embeddings: a Glorot std over only maxLen rows would swamp them.
   */
  positionInitStd?: number;
  /** Rows of the time-bucket table (0 = none, the default); see `HistoryEmbedding`. */
  timeBuckets?: number;
  /** Head aggregation (default `wha`). */
  aggregation?: HeadAggregation;
  /** Seeded generator for the initial weights. */
  rng: Rng;
  /** Parameter name prefix, default `user`. */
  name?: string;
}

/**
 * The single-queue CLRec user encoder f(x) = WHA(MultiAtt(X)) (KDD App. B.1.2, B.2):
 * attention scores S = MLP(X) ∈ ℝ^{T×H} (d→hidden tanh→H), a masked softmax over the T clicks per head,
 * head embeddings z_h = l2norm(Σ_t att[t,h] x_t); then weighted head aggregation
 * m = mean_h z_h, α = softmax_h(z_hᵀ A m), f(x) = l2norm(Σ_h α_h z_h). Padding never changes the output.
 * X are the history click embeddings of a {@link HistoryEmbedding} (item + position [+ time bucket]).
 * With `aggregation` other than `wha` the heads are averaged or concatenated instead (Table 12).
 */
export class MultiAttWhaEncoder implements UserEncoder {
  /** Plugin specification version this encoder implements. */
  readonly specificationVersion = 'v1' as const;
  readonly dim: number;
  readonly heads: number;
  readonly maxLen: number;
  readonly positional: PositionalMode;
  readonly aggregation: HeadAggregation;
  /** Click embeddings (item, positional and time tables). */
  readonly history: HistoryEmbedding;
  private readonly params: NamedVariable[];
  private readonly w1: tf.Variable;
  private readonly b1: tf.Variable;
  private readonly w2: tf.Variable;
  private readonly b2: tf.Variable;
  private readonly a: tf.Variable | null;
  private readonly mlp: [Dense, Dense] | null;

  /** Creates the encoder's weights with seeded Glorot-normal initialisation. */
  constructor(options: MultiAttWhaOptions) {
    const { itemEncoder, rng } = options;
    const d = itemEncoder.dim;
    this.dim = d;
    this.heads = options.heads ?? 8;
    this.maxLen = options.maxLen ?? 50;
    this.positional = options.positional ?? 'backward';
    this.aggregation = options.aggregation ?? 'wha';
    const hidden = options.hidden ?? d;
    const p = options.name ?? 'user';
    if (!(this.heads >= 1) || !(hidden >= 1) || !(this.maxLen >= 1)) {
      throw new Error(`MultiAttWhaEncoder: heads, hidden and maxLen must be >= 1 (got ${this.heads}, ${hidden}, ${this.maxLen})`);
    }
    if (!HEAD_AGGREGATIONS.includes(this.aggregation)) {
      throw new Error(`MultiAttWhaEncoder: aggregation "${this.aggregation}" is not one of ${HEAD_AGGREGATIONS.join(', ')}`);
    }
    this.w1 = glorotNormalVariable(rng, [d, hidden]);
    this.b1 = zerosVariable([hidden]);
    this.w2 = glorotNormalVariable(rng, [hidden, this.heads]);
    this.b2 = zerosVariable([this.heads]);
    this.a = this.aggregation === 'wha' ? glorotNormalVariable(rng, [d, d]) : null;
    this.history = new HistoryEmbedding({
      itemEncoder, maxLen: this.maxLen, positional: this.positional, positionInitStd: options.positionInitStd ?? 0.01,
      timeBuckets: options.timeBuckets ?? 0, rng, name: p,
    });
    const mlpIn = this.aggregation === 'concat-mlp' ? this.heads * d : d;
    this.mlp = this.aggregation === 'mean-mlp' || this.aggregation === 'concat-mlp'
      ? [new Dense(rng, mlpIn, d, `${p}.agg_mlp.l1`), new Dense(rng, d, d, `${p}.agg_mlp.l2`)]
      : null;
    this.params = [
      { name: `${p}.att_mlp.w1`, variable: this.w1 },
      { name: `${p}.att_mlp.b1`, variable: this.b1 },
      { name: `${p}.att_mlp.w2`, variable: this.w2 },
      { name: `${p}.att_mlp.b2`, variable: this.b2 },
    ];
    if (this.a) this.params.push({ name: `${p}.wha.A`, variable: this.a });
    this.params.push(...this.history.variables());
    if (this.mlp) this.params.push(...this.mlp[0].variables(), ...this.mlp[1].variables());
  }

  /**
   * Encodes histories `[B, T]` (T ≤ maxLen) to user vectors `[B, d]`: unit vectors for `wha`; for
   * the other aggregations the raw mean / MLP output (its norm matters under dot-product similarity).
   */
  encode(batch: TimedSequenceBatch): tf.Tensor2D {
    return tf.tidy(() => {
      const [B, T] = batch.items.shape;
      const d = this.dim;
      const H = this.heads;
      const x = this.history.embed(batch); // [B,T,d], padding rows exactly zero
      const flat = tf.reshape(x, [B * T, d]) as tf.Tensor2D;
      // Attention scores MLP(x) on the real clicks only, -1e9 on padding (most of a padded batch).
      const scores = onMaskedRows(flat, batch.mask, (rows) =>
        tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(rows, this.w1), this.b1)), this.w2), this.b2) as tf.Tensor2D, -1e9);
      const s = tf.reshape(scores, [B, T, H]);
      const att = tf.softmax(tf.transpose(s, [0, 2, 1])); // [B,H,T]
      const z = l2Normalize(tf.matMul(att, x)) as tf.Tensor3D; // [B,H,d]
      return this.aggregate(z);
    });
  }

  private aggregate(z: tf.Tensor3D): tf.Tensor2D {
    const m = tf.mean(z, 1) as tf.Tensor2D; // [B,d]
    if (this.a) {
      const am = tf.matMul(m, this.a, false, true); // (A m) per row: [B,d]
      const alpha = tf.softmax(tf.sum(tf.mul(z, tf.expandDims(am, 1)), 2)); // [B,H]
      const u = tf.sum(tf.mul(z, tf.expandDims(alpha, 2)), 1); // [B,d]
      return l2Normalize(u) as tf.Tensor2D;
    }
    if (!this.mlp) return m;
    const input = this.aggregation === 'concat-mlp' ? tf.reshape(z, [z.shape[0], this.heads * this.dim]) : m;
    return this.mlp[1].apply(tf.relu(this.mlp[0].apply(input))) as tf.Tensor2D;
  }

  /** Attention MLP, WHA matrix A (or the aggregation MLP) and the positional / time tables. */
  variables(): NamedVariable[] {
    return [...this.params];
  }
}
