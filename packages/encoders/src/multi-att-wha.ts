import * as tf from '@tensorflow/tfjs';
import {
  glorotNormalVariable,
  type ItemEncoder,
  l2Normalize,
  type NamedVariable,
  normalVariable,
  type Rng,
  type SequenceBatch,
  type UserEncoder,
  zerosVariable,
} from '@clrec/core';

/** How click positions enter the history embedding (KDD App. B.1.1). */
export type PositionalMode = 'backward' | 'forward' | 'none';

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
 */
export class MultiAttWhaEncoder implements UserEncoder {
  readonly dim: number;
  readonly heads: number;
  readonly maxLen: number;
  readonly positional: PositionalMode;
  private readonly item: ItemEncoder;
  private readonly params: NamedVariable[];
  private readonly w1: tf.Variable;
  private readonly b1: tf.Variable;
  private readonly w2: tf.Variable;
  private readonly b2: tf.Variable;
  private readonly a: tf.Variable;
  private readonly pos: tf.Variable | null;

  /** Creates the encoder's weights with seeded Glorot-normal initialisation. */
  constructor(options: MultiAttWhaOptions) {
    const { itemEncoder, rng } = options;
    const d = itemEncoder.dim;
    this.item = itemEncoder;
    this.dim = d;
    this.heads = options.heads ?? 8;
    this.maxLen = options.maxLen ?? 50;
    this.positional = options.positional ?? 'backward';
    const hidden = options.hidden ?? d;
    const p = options.name ?? 'user';
    if (!(this.heads >= 1) || !(hidden >= 1) || !(this.maxLen >= 1)) {
      throw new Error(`MultiAttWhaEncoder: heads, hidden and maxLen must be >= 1 (got ${this.heads}, ${hidden}, ${this.maxLen})`);
    }
    this.w1 = glorotNormalVariable(rng, [d, hidden]);
    this.b1 = zerosVariable([hidden]);
    this.w2 = glorotNormalVariable(rng, [hidden, this.heads]);
    this.b2 = zerosVariable([this.heads]);
    this.a = glorotNormalVariable(rng, [d, d]);
    this.pos = this.positional === 'none' ? null : normalVariable(rng, [this.maxLen, d], options.positionInitStd ?? 0.01);
    this.params = [
      { name: `${p}.att_mlp.w1`, variable: this.w1 },
      { name: `${p}.att_mlp.b1`, variable: this.b1 },
      { name: `${p}.att_mlp.w2`, variable: this.w2 },
      { name: `${p}.att_mlp.b2`, variable: this.b2 },
      { name: `${p}.wha.A`, variable: this.a },
    ];
    if (this.pos) this.params.push({ name: `${p}.position_embedding`, variable: this.pos });
  }

  /** Encodes histories `[B, T]` (T ≤ maxLen) to unit user vectors `[B, d]`. */
  encode(batch: SequenceBatch): tf.Tensor2D {
    return tf.tidy(() => {
      const [B, T] = batch.items.shape;
      const d = this.dim;
      const H = this.heads;
      if (T > this.maxLen) throw new Error(`MultiAttWhaEncoder: history length ${T} exceeds maxLen ${this.maxLen}`);
      const mask3 = tf.expandDims(batch.mask, 2); // [B,T,1]
      let x = this.item.encode(batch.items) as tf.Tensor3D; // [B,T,d]
      if (this.pos) {
        let idx: tf.Tensor = batch.positions;
        if (this.positional === 'forward') {
          const len = tf.cast(tf.sum(batch.mask, 1, true), 'int32'); // [B,1]
          const one = tf.scalar(1, 'int32');
          idx = tf.maximum(tf.sub(tf.sub(len, one), batch.positions), tf.scalar(0, 'int32'));
        }
        x = tf.add(x, tf.gather(this.pos, idx));
      }
      x = tf.mul(x, mask3); // padding rows are exactly zero
      const flat = tf.reshape(x, [B * T, d]);
      const hid = tf.tanh(tf.add(tf.matMul(flat, this.w1), this.b1));
      let s = tf.reshape(tf.add(tf.matMul(hid, this.w2), this.b2), [B, T, H]);
      s = tf.add(s, tf.mul(tf.sub(mask3, 1), 1e9)); // -1e9 on padding
      const att = tf.softmax(tf.transpose(s, [0, 2, 1])); // [B,H,T]
      const z = l2Normalize(tf.matMul(att, x)); // [B,H,d]
      const m = tf.mean(z, 1); // [B,d]
      const am = tf.matMul(m, this.a, false, true); // (A m) per row: [B,d]
      const alpha = tf.softmax(tf.sum(tf.mul(z, tf.expandDims(am, 1)), 2)); // [B,H]
      const u = tf.sum(tf.mul(z, tf.expandDims(alpha, 2)), 1); // [B,d]
      return l2Normalize(u) as tf.Tensor2D;
    });
  }

  /** Attention MLP, WHA matrix A and (if used) the positional table. */
  variables(): NamedVariable[] {
    return [...this.params];
  }
}
