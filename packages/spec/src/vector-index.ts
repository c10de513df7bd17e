import type { SpecificationVersion } from './specification-version';
import type { VectorSearchResult } from './vector-search-result';

/**
 * Top-K retrieval plugin: the K rows of a fixed catalog of item vectors most cosine-similar to each
 * query (serving: f(x) against all g(y)). `@clrec/retrieval` provides an exact blocked scan and an
 * approximate HNSW index; both score by cosine, as training does (or by dot product when the model
 * was trained with dot-product logits).
 */
export interface VectorIndex {
  /** Plugin specification version this index implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Registry name, e.g. `exact` or `hnsw`. */
  readonly name: string;
  /** Vector width d. */
  readonly dim: number;
  /** Number of indexed rows n. */
  readonly size: number;
  /**
   * The `k` best rows for each query.
   * @param queries float32 row-major `[numQueries, dim]` (normalised or not; cosine ignores the norm)
   * @param k results per query, an integer in [1, size]
   * @throws on a length that is not a multiple of `dim`, a non-finite value, or k outside [1, size]
   */
  search(queries: Float32Array, k: number): VectorSearchResult;
  /**
   * Exact indexes only (approximate ones leave it out): the score of every row for each query, the
   * numbers `search` ranks, float32 row-major `[numQueries, size]`. Evaluation reads a target's rank
   * in the whole catalog (full ranking, MRR) and among sampled negatives from these rows.
   * @throws on a length that is not a multiple of `dim` or a non-finite value
   */
  scoreAll?(queries: Float32Array): Float32Array;
  /** Frees memory held outside the JS heap (tensors, native index). The index is unusable afterwards. */
  dispose(): void;
}
