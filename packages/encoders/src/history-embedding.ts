import * as tf from '@tensorflow/tfjs';
import { glorotNormalVariable, type ItemEncoder, type NamedVariable, normalVariable, type Rng, type SequenceBatch } from '@clrec/core';
import type { TimedSequenceBatch } from './sequence-batch';

/** How click positions enter the history embedding (KDD App. B.1.1). */
export type PositionalMode = 'backward' | 'forward' | 'none';

/** Options of {@link HistoryEmbedding}. */
export interface HistoryEmbeddingOptions {
  /** History-side item encoder (id + features; shared with the label side). */
  itemEncoder: ItemEncoder;
  /** Rows of the positional table (longest history), default 50. */
  maxLen?: number;
  /** `backward` (earliest kept click = 0), `forward` (latest click = 0) or `none`. Default `backward`. */
  positional?: PositionalMode;
  /** Std of the positional table's normal init; default Glorot over `[maxLen, d]`. */
  positionInitStd?: number;
  /** Rows of the time-bucket table (0 = no time embedding); row 0 is "unknown time". */
  timeBuckets?: number;
  /** Factor applied to the item embeddings before adding positions (SASRec uses sqrt(d)); default 1. */
  itemScale?: number;
  /** Seeded generator; the positional table is drawn first, then the time table. */
  rng: Rng;
  /** Variable prefix, default `user`: `<prefix>.position_embedding`, `<prefix>.time_embedding`. */
  name?: string;
}

/**
 * The embedding of the clicks inside a history (KDD App. B.1.1): x_t = s · g(y_t) + pos[p_t] +
 * time[b_t], with g the (shared) item encoder, p_t the click's backward or forward position within
 * its own row and b_t its time bucket (`TimedSequenceBatch.timeBuckets`; absent = bucket 0). Padding
 * slots come out exactly zero. Positions are relative to each row, so the result of a real click never
 * depends on how much padding its row got. The label side uses g alone (no time, no position).
 */
export class HistoryEmbedding {
  readonly dim: number;
  readonly maxLen: number;
  readonly positional: PositionalMode;
  readonly timeBuckets: number;
  /** Positional table `[maxLen, d]`, or null with `positional: 'none'`. */
  readonly positionTable: tf.Variable | null;
  /** Time table `[timeBuckets, d]`, or null without time buckets. */
  readonly timeTable: tf.Variable | null;
  private readonly item: ItemEncoder;
  private readonly itemScale: number;
  private readonly prefix: string;

  /** Creates the positional and time tables. */
  constructor(options: HistoryEmbeddingOptions) {
    this.item = options.itemEncoder;
    this.dim = options.itemEncoder.dim;
    this.maxLen = options.maxLen ?? 50;
    this.positional = options.positional ?? 'backward';
    this.timeBuckets = options.timeBuckets ?? 0;
    this.itemScale = options.itemScale ?? 1;
    this.prefix = options.name ?? 'user';
    if (!Number.isInteger(this.maxLen) || this.maxLen < 1) throw new Error(`HistoryEmbedding: maxLen must be a positive integer, got ${this.maxLen}`);
    if (!Number.isInteger(this.timeBuckets) || this.timeBuckets < 0 || this.timeBuckets === 1) {
      throw new Error(`HistoryEmbedding: timeBuckets must be 0 (off) or an integer >= 2, got ${this.timeBuckets}`);
    }
    const d = this.dim;
    this.positionTable = this.positional === 'none'
      ? null
      : options.positionInitStd !== undefined
        ? normalVariable(options.rng, [this.maxLen, d], options.positionInitStd)
        : glorotNormalVariable(options.rng, [this.maxLen, d]);
    this.timeTable = this.timeBuckets > 0 ? glorotNormalVariable(options.rng, [this.timeBuckets, d]) : null;
  }

  /** Row-relative position of each slot, int32 `[B, T]` (0 on padding). Call inside a tidy. */
  positionIndex(batch: SequenceBatch): tf.Tensor2D {
    if (this.positional !== 'forward') return batch.positions;
    const len = tf.cast(tf.sum(batch.mask, 1, true), 'int32'); // [B,1]
    return tf.maximum(tf.sub(tf.sub(len, tf.scalar(1, 'int32')), batch.positions), tf.scalar(0, 'int32')) as tf.Tensor2D;
  }

  /** The positional table lookup (the one place it is read). `[B, T]` → `[B, T, d]`. */
  lookupPositions(index: tf.Tensor): tf.Tensor {
    return tf.gather(this.positionTable!, index);
  }

  /** The time table lookup (the one place it is read). `[B, T]` → `[B, T, d]`. */
  lookupTimes(buckets: tf.Tensor): tf.Tensor {
    return tf.gather(this.timeTable!, buckets);
  }

  /** Histories `[B, T]` (T ≤ maxLen) → click embeddings `[B, T, d]`, zero on padding. Call inside a tidy. */
  embed(batch: TimedSequenceBatch): tf.Tensor3D {
    const T = batch.items.shape[1];
    if (T > this.maxLen) throw new Error(`HistoryEmbedding: history length ${T} exceeds maxLen ${this.maxLen}`);
    let x = this.item.encode(batch.items);
    if (this.itemScale !== 1) x = tf.mul(x, this.itemScale);
    if (this.positionTable) x = tf.add(x, this.lookupPositions(this.positionIndex(batch)));
    if (this.timeTable && batch.timeBuckets) x = tf.add(x, this.lookupTimes(batch.timeBuckets));
    else if (this.timeTable) x = tf.add(x, tf.reshape(this.lookupTimes(tf.zeros([1], 'int32')), [1, 1, this.dim]));
    return tf.mul(x, tf.expandDims(batch.mask, 2)) as tf.Tensor3D;
  }

  /** `<prefix>.position_embedding` and `<prefix>.time_embedding`, those that exist. */
  variables(): NamedVariable[] {
    const out: NamedVariable[] = [];
    if (this.positionTable) out.push({ name: `${this.prefix}.position_embedding`, variable: this.positionTable });
    if (this.timeTable) out.push({ name: `${this.prefix}.time_embedding`, variable: this.timeTable });
    return out;
  }
}
