/**
 * Result of a top-K search for `queries` query vectors, row-major `[queries, k]`, best first.
 * Structurally identical to `VectorSearchResult` of `@clrec/core` (this package does not depend on
 * core, so it can be used on its own); every index here satisfies core's `VectorIndex`.
 */
export interface SearchResult {
  /** Number of query rows. */
  queries: number;
  /** Results per query. */
  k: number;
  /** Row index of each result (0-based position in the indexed vectors), int32 `[queries * k]`; -1 = unfilled. */
  ids: Int32Array;
  /** Cosine similarity of each result, float32 `[queries * k]`; `-Infinity` where the id is -1. */
  scores: Float32Array;
}

/** The ids of query `q` of a result, a view (no copy). */
export function resultIds(result: SearchResult, q: number): Int32Array {
  return result.ids.subarray(q * result.k, (q + 1) * result.k);
}

/** The scores of query `q` of a result, a view (no copy). */
export function resultScores(result: SearchResult, q: number): Float32Array {
  return result.scores.subarray(q * result.k, (q + 1) * result.k);
}
