import type { VectorIndex, VectorIndexFactory } from '@clrec/core';
import { exactIndexFactory, ItemBiasIndex } from '@clrec/retrieval';

/** Options of {@link buildRankingIndex}. */
export interface RankingIndexOptions {
  /** How users and items are compared (the model's similarity). */
  metric: 'cosine' | 'dot';
  /**
   * Per-row additive offsets on the score scale `[n]` (the serving-time popularity prior
   * α·τ·log q(y)), or null / absent for the model's scores as they are.
   */
  prior?: Float32Array | null;
  /** Builds the index (default: the exact blocked scan); with a prior it must score by dot product over `dim + 1` columns. */
  factory?: VectorIndexFactory;
}

/**
 * The index a model is ranked with, shared by serving (`clrec serve`) and evaluation so both rank the
 * same numbers through the same top-K: the item vectors under the model's metric, plus the
 * popularity prior as an extra column when one is given (`ItemBiasIndex`).
 * @param vectors item vectors `[n, dim]` for dense ids 1..n (row r = id r + 1)
 */
export async function buildRankingIndex(vectors: Float32Array, dim: number, o: RankingIndexOptions): Promise<VectorIndex> {
  if (o.prior) {
    const inner = o.factory ?? exactIndexFactory({ metric: 'dot' });
    return ItemBiasIndex.build(vectors, dim, o.prior, { factory: inner, metric: o.metric });
  }
  return (o.factory ?? exactIndexFactory({ metric: o.metric })).build(vectors, dim);
}
