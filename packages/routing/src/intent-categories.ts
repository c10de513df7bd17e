import * as tf from '@tensorflow/tfjs';
import { glorotNormalVariable, type ItemEncoder, type NamedVariable, type Rng } from '@clrec/core';

/**
 * Where the category c_t of an item comes from (KDD Eq. 5–7, "embedding of item y_t's category ID"):
 * - `table`: a categorical item feature (MovieLens genre, a CSV column, or item ids hashed into
 *   buckets by {@link hashedCategories}); c_t is a learned row of a `[cardinality, d]` table.
 * - `item`: the data has no categories and every item is its own category; c_t = g(y_t), the item
 *   encoder's output, so the prototypes cluster the item embeddings themselves (as MIND's routing does).
 */
export type CategorySource =
  | { kind: 'table'; values: Int32Array; cardinality: number; name?: string }
  | { kind: 'item' };

/**
 * Item ids hashed into `buckets` pseudo-categories 1..buckets (multiplicative hashing, Knuth's
 * 2654435761), for data without categories when a fixed item → category map is wanted.
 * @param numItems dense item ids are 1..numItems; index 0 (padding) gets category 0
 * @returns `{ kind: 'table', values: Int32Array(numItems + 1), cardinality: buckets + 1 }`
 */
export function hashedCategories(numItems: number, buckets: number): CategorySource {
  if (!Number.isInteger(buckets) || buckets < 1) throw new Error(`hashedCategories: buckets must be a positive integer, got ${buckets}`);
  const values = new Int32Array(numItems + 1);
  for (let i = 1; i <= numItems; i++) values[i] = 1 + (Math.imul(i, 2654435761) >>> 0) % buckets;
  return { kind: 'table', values, cardinality: buckets + 1, name: `hash:${buckets}` };
}

/**
 * The category embedding c of items: a lookup in a learned table (`table` sources) or the item
 * encoder's output (`item`). Owns the table variable and the item → category id tensor.
 */
export class CategoryEmbedding {
  readonly dim: number;
  /** Learned table `[cardinality, d]`, or null for the `item` source. */
  readonly table: tf.Variable | null;
  private readonly ids: tf.Tensor1D | null;
  private readonly item: ItemEncoder;
  private readonly prefix: string;

  /** Validates the source and draws the table (Glorot-normal) from `rng`. */
  constructor(source: CategorySource, itemEncoder: ItemEncoder, rng: Rng, name: string) {
    this.item = itemEncoder;
    this.dim = itemEncoder.dim;
    this.prefix = name;
    if (source.kind === 'item') {
      this.table = null;
      this.ids = null;
      return;
    }
    const { values, cardinality } = source;
    if (!Number.isInteger(cardinality) || cardinality < 1) throw new Error(`CategoryEmbedding: cardinality must be a positive integer, got ${cardinality}`);
    for (let i = 0; i < values.length; i++) {
      if (!(values[i] >= 0 && values[i] < cardinality)) {
        throw new Error(`CategoryEmbedding: category "${source.name ?? 'table'}" of item ${i} is ${values[i]}, outside [0, ${cardinality})`);
      }
    }
    this.table = glorotNormalVariable(rng, [cardinality, this.dim]);
    this.ids = tf.tensor1d(values, 'int32');
  }

  /** Item ids (int32, any shape S) → category embeddings float32 `[...S, d]`. Call inside a tidy. */
  embed(itemIds: tf.Tensor): tf.Tensor {
    if (!this.table) return this.item.encode(itemIds);
    return tf.gather(this.table, tf.gather(this.ids!, itemIds));
  }

  /** The category table `<name>.category_embedding` (none for the `item` source). */
  variables(): NamedVariable[] {
    return this.table ? [{ name: `${this.prefix}.category_embedding`, variable: this.table }] : [];
  }

  /** Frees the item → category id tensor (the table is freed with the other variables). */
  dispose(): void {
    this.ids?.dispose();
  }
}
