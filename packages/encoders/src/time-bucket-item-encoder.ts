import * as tf from '@tensorflow/tfjs';
import { glorotNormalVariable, type ItemEncoder, type NamedVariable, type Rng } from '@clrec/core';

/** Options of {@link TimeBucketItemEncoder}. */
export interface TimeBucketItemEncoderOptions {
  /** Encoder of the item itself (e.g. `FeatureItemEncoder.historyEncoder()`). */
  base: ItemEncoder;
  /** Number of time buckets (rows of the time embedding table). */
  numBuckets: number;
  /** Seeded generator for the Glorot-normal time table. */
  rng: Rng;
  /** Parameter name prefix, default `history`. */
  name?: string;
}

/**
 * Packs history slots that carry a time bucket into single ids, `item * numBuckets + bucket`, the
 * input {@link TimeBucketItemEncoder} expects (padding item 0 with bucket 0 stays 0).
 * @param items dense item ids (any layout, e.g. a packed `[B, T]` batch)
 * @param buckets time bucket of each slot, same length, each in [0, numBuckets)
 */
export function packTimeBuckets(items: Int32Array, buckets: Int32Array, numBuckets: number): Int32Array {
  if (items.length !== buckets.length) throw new Error(`packTimeBuckets: ${items.length} items but ${buckets.length} buckets`);
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const b = buckets[i];
    if (!(b >= 0 && b < numBuckets)) throw new Error(`packTimeBuckets: bucket ${b} at slot ${i} is not in [0, ${numBuckets})`);
    out[i] = items[i] * numBuckets + b;
  }
  return out;
}

/**
 * History-side item encoder that adds a time-bucket embedding to a base item encoder:
 * x = base(item) + time_emb[bucket], with ids packed by {@link packTimeBuckets}. Because the bucket
 * travels inside the id, it plugs into any user encoder that embeds its `SequenceBatch.items` with an
 * `ItemEncoder` (e.g. `MultiAttWhaEncoder`, whose own positional table then adds the position).
 * Never use it on the label side: candidates have no click time.
 */
export class TimeBucketItemEncoder implements ItemEncoder {
  /** Plugin specification version this encoder implements. */
  readonly specificationVersion = 'v1' as const;
  readonly dim: number;
  readonly numBuckets: number;
  /** The time table, float32 `[numBuckets, d]`. */
  readonly table: tf.Variable;
  private readonly base: ItemEncoder;
  private readonly prefix: string;

  /** Creates the Glorot-normal time table. */
  constructor(options: TimeBucketItemEncoderOptions) {
    if (!Number.isInteger(options.numBuckets) || options.numBuckets < 1) {
      throw new Error(`TimeBucketItemEncoder: numBuckets must be a positive integer, got ${options.numBuckets}`);
    }
    this.base = options.base;
    this.dim = options.base.dim;
    this.numBuckets = options.numBuckets;
    this.prefix = options.name ?? 'history';
    this.table = glorotNormalVariable(options.rng, [this.numBuckets, this.dim]);
  }

  /** Packed ids (int32, any shape S) → base(item) + time_emb[bucket], float32 `[...S, d]`. */
  encode(packedIds: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const nb = tf.scalar(this.numBuckets, 'int32');
      const items = tf.floorDiv(packedIds, nb);
      const buckets = tf.sub(packedIds, tf.mul(items, nb));
      return tf.add(this.base.encode(items), tf.gather(this.table, buckets));
    });
  }

  /** The time table only, named `<prefix>.time_embedding`. */
  ownVariables(): NamedVariable[] {
    return [{ name: `${this.prefix}.time_embedding`, variable: this.table }];
  }

  /** The base encoder's variables followed by the time table. */
  variables(): NamedVariable[] {
    return [...this.base.variables(), ...this.ownVariables()];
  }
}
