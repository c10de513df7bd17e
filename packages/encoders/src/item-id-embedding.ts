import * as tf from '@tensorflow/tfjs';
import { embeddingLookup, type ItemEncoder, type NamedVariable, normalVariable, type Rng } from '@clrec/core';

/** Options of {@link ItemIdEmbedding}. */
export interface ItemIdEmbeddingOptions {
  /** Number of real items; ids are 1..numItems, 0 is padding (the table has numItems + 1 rows). */
  numItems: number;
  /** Embedding dimension d. */
  dim: number;
  /** Seeded generator for the initial weights. */
  rng: Rng;
  /** Standard deviation of the normal initialisation; default Glorot: sqrt(2 / (rows + d)). */
  initStd?: number;
  /** Parameter name prefix (checkpoint key), default `item`. */
  name?: string;
  /** Initial table `[numItems + 1, dim]` to copy instead of drawing one (used by {@link ItemIdEmbedding.clone}). */
  initial?: tf.Tensor2D;
}

/**
 * The simplest item encoder g(y): a trainable id-embedding table `[numItems + 1, d]` with normal
 * initialisation (KDD App. B.2). It is shared with the user encoder, which embeds history clicks with it.
 */
export class ItemIdEmbedding implements ItemEncoder {
  /** Plugin specification version this encoder implements. */
  readonly specificationVersion = 'v1' as const;
  readonly dim: number;
  readonly numItems: number;
  /** The table, float32 `[numItems + 1, d]`; row 0 is the padding item. */
  readonly table: tf.Variable;
  private readonly prefix: string;

  /** Creates the table with seeded normal initialisation. */
  constructor(options: ItemIdEmbeddingOptions) {
    const { numItems, dim, rng } = options;
    if (!(numItems >= 1) || !(dim >= 1)) throw new Error(`ItemIdEmbedding: numItems and dim must be >= 1 (got ${numItems}, ${dim})`);
    this.numItems = numItems;
    this.dim = dim;
    this.prefix = options.name ?? 'item';
    if (options.initial) {
      const init = options.initial;
      if (init.shape[0] !== numItems + 1 || init.shape[1] !== dim) throw new Error(`ItemIdEmbedding: initial table is [${init.shape}], expected [${numItems + 1}, ${dim}]`);
      this.table = tf.tidy(() => tf.variable(init.clone(), true));
    } else {
      const std = options.initStd ?? Math.sqrt(2 / (numItems + 1 + dim));
      this.table = normalVariable(rng, [numItems + 1, dim], std);
    }
  }

  /** Looks up ids (int32, any shape S) → float32 `[...S, d]`. */
  encode(itemIds: tf.Tensor): tf.Tensor {
    return embeddingLookup(this.table, itemIds);
  }

  /** A copy with its own table holding the current weights (e.g. a MoCo momentum key encoder). */
  clone(prefix: string): ItemIdEmbedding {
    return new ItemIdEmbedding({ numItems: this.numItems, dim: this.dim, rng: null as unknown as Rng, name: prefix, initial: this.table as tf.Tensor2D });
  }

  /** The id table, named `<prefix>.id_embedding`. */
  variables(): NamedVariable[] {
    return [{ name: `${this.prefix}.id_embedding`, variable: this.table, sparse: true }];
  }
}
