import * as tf from '@tensorflow/tfjs';
import type { ItemEncoder, NamedVariable, Rng, UserEncoder } from '@clrec/core';
import { HistoryEmbedding, type PositionalMode } from './history-embedding';
import { Dense, LayerNorm, seededDropout } from './layer-ops';
import type { TimedSequenceBatch } from './sequence-batch';

/** Options of {@link SasRecEncoder}. */
export interface SasRecOptions {
  /** Item encoder shared with the label side; history clicks are embedded with it (scaled by sqrt(d)). */
  itemEncoder: ItemEncoder;
  /** Self-attention blocks (default 2). */
  blocks?: number;
  /** Attention heads per block (default 1, as SASRec); must divide d. */
  heads?: number;
  /** Longest history (learned positional table size), default 50. */
  maxLen?: number;
  /** Dropout rate on the embeddings, attention weights and feed-forward layers while training (default 0.2). */
  dropout?: number;
  /**
   * Learned positions: `forward` (latest click = 0; what SASRec's right-aligned absolute positions
   * amount to), `backward` (earliest = 0: strictly causal, no position depends on later clicks) or
   * `none`. Default `forward`.
   */
  positional?: PositionalMode;
  /** Seeded generator for the initial weights. */
  rng: Rng;
  /** Parameter name prefix, default `user`. */
  name?: string;
}

/** Per-call options of {@link SasRecEncoder.encodeSequence}. */
export interface SequenceEncodeOptions {
  /** Training mode: apply dropout with masks drawn from this seed. Omit for inference (no dropout). */
  dropoutSeed?: number;
}

interface Block {
  ln1: LayerNorm;
  q: Dense;
  k: Dense;
  v: Dense;
  ln2: LayerNorm;
  ff1: Dense;
  ff2: Dense;
}

/**
 * SASRec (Kang & McAuley 2018) as the CLRec public-benchmark user encoder: click embeddings
 * sqrt(d)·g(y_t) + pos_t, dropout, then `blocks` pre-LN causal self-attention blocks
 * (Q = LN(x), K = V = x, masked softmax(QKᵀ/√d_h)V + Q; then LN, a position-wise ReLU feed-forward
 * with residual) and a final layer norm. Position t attends to clicks ≤ t only and never to padding,
 * so {@link SasRecEncoder.encodeSequence} gives one causal user state per position (train with a loss
 * at every position) and {@link SasRecEncoder.encode} the state after the latest click. Padding
 * never changes an output (rows are left-padded; padded slots are masked as keys and zeroed).
 */
export class SasRecEncoder implements UserEncoder {
  /** Plugin specification version this encoder implements. */
  readonly specificationVersion = 'v1' as const;
  readonly dim: number;
  readonly heads: number;
  readonly maxLen: number;
  readonly dropout: number;
  /** Click embeddings (shared item table, learned positions). */
  readonly history: HistoryEmbedding;
  private readonly blocks: Block[];
  private readonly finalNorm: LayerNorm;

  /** Creates all weights (Glorot-normal dense layers, unit layer-norm gains). */
  constructor(options: SasRecOptions) {
    const d = options.itemEncoder.dim;
    const p = options.name ?? 'user';
    const { rng } = options;
    this.dim = d;
    this.heads = options.heads ?? 1;
    this.maxLen = options.maxLen ?? 50;
    this.dropout = options.dropout ?? 0.2;
    const numBlocks = options.blocks ?? 2;
    if (!Number.isInteger(numBlocks) || numBlocks < 1) throw new Error(`SasRecEncoder: blocks must be a positive integer, got ${numBlocks}`);
    if (!Number.isInteger(this.heads) || this.heads < 1 || d % this.heads !== 0) {
      throw new Error(`SasRecEncoder: heads (${this.heads}) must be a positive integer dividing d (${d})`);
    }
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new Error(`SasRecEncoder: dropout must be in [0, 1), got ${this.dropout}`);
    this.history = new HistoryEmbedding({
      itemEncoder: options.itemEncoder, maxLen: this.maxLen, positional: options.positional ?? 'forward', itemScale: Math.sqrt(d), rng, name: p,
    });
    this.blocks = Array.from({ length: numBlocks }, (_, i) => {
      const b = `${p}.block${i}`;
      return {
        ln1: new LayerNorm(d, `${b}.ln_attention`),
        q: new Dense(rng, d, d, `${b}.attention.query`),
        k: new Dense(rng, d, d, `${b}.attention.key`),
        v: new Dense(rng, d, d, `${b}.attention.value`),
        ln2: new LayerNorm(d, `${b}.ln_feed_forward`),
        ff1: new Dense(rng, d, d, `${b}.feed_forward.l1`),
        ff2: new Dense(rng, d, d, `${b}.feed_forward.l2`),
      };
    });
    this.finalNorm = new LayerNorm(d, `${p}.ln_final`);
  }

  /** The user state after each click: histories `[B, T]` → `[B, T, d]` (zero on padding). Call inside a tidy. */
  encodeSequence(batch: TimedSequenceBatch, options: SequenceEncodeOptions = {}): tf.Tensor3D {
    const [B, T] = batch.items.shape;
    const d = this.dim;
    const H = this.heads;
    const dh = d / H;
    const seed = options.dropoutSeed;
    let site = 0;
    const drop = (x: tf.Tensor) => (seed === undefined ? x : seededDropout(x, this.dropout, seed + 7919 * site++));
    const mask3 = tf.expandDims(batch.mask, 2); // [B,T,1]
    // additive attention mask [B,1,T,T]: key j visible to query i iff j <= i and j is a real click
    const causal = tf.linalg.bandPart(tf.ones([T, T]), -1, 0); // lower triangle incl. diagonal
    const visible = tf.mul(tf.reshape(causal, [1, 1, T, T]), tf.reshape(batch.mask, [B, 1, 1, T]));
    const attMask = tf.mul(tf.sub(visible, 1), 1e9);
    const heads = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [B, T, H, dh]), [0, 2, 1, 3]); // [B,H,T,dh]
    let x: tf.Tensor = drop(this.history.embed(batch));
    for (const blk of this.blocks) {
      const q = blk.ln1.apply(x);
      const scores = tf.add(tf.div(tf.matMul(heads(blk.q.apply(q)), heads(blk.k.apply(x)), false, true), Math.sqrt(dh)), attMask);
      const att = drop(tf.softmax(scores)); // [B,H,T,T]
      const ctx = tf.reshape(tf.transpose(tf.matMul(att, heads(blk.v.apply(x))), [0, 2, 1, 3]), [B, T, d]);
      x = blk.ln2.apply(tf.add(q, ctx));
      const ff = drop(blk.ff2.apply(tf.relu(drop(blk.ff1.apply(x)))));
      x = tf.mul(tf.add(x, ff), mask3);
    }
    return tf.mul(this.finalNorm.apply(x), mask3) as tf.Tensor3D;
  }

  /** The state after each history's latest click (its last column): `[B, T]` → `[B, d]`, no dropout. */
  encode(batch: TimedSequenceBatch): tf.Tensor2D {
    return tf.tidy(() => {
      const [B, T] = batch.items.shape;
      const states = this.encodeSequence(batch);
      return tf.reshape(tf.slice(states, [0, T - 1, 0], [B, 1, this.dim]), [B, this.dim]) as tf.Tensor2D;
    });
  }

  /** Positional table, every block's layers and the final layer norm. */
  variables(): NamedVariable[] {
    const out = this.history.variables();
    for (const b of this.blocks) {
      out.push(...b.ln1.variables(), ...b.q.variables(), ...b.k.variables(), ...b.v.variables());
      out.push(...b.ln2.variables(), ...b.ff1.variables(), ...b.ff2.variables());
    }
    out.push(...this.finalNorm.variables());
    return out;
  }
}
