/**
 * Result of a `VectorIndex` search for `queries` query vectors, row-major `[queries, k]`, best
 * first. Scores are cosine similarities in [-1, 1] (the similarity CLRec trains with, without the
 * temperature), or inner products for an index built for a dot-product model. Slots a search could
 * not fill (an approximate index that found fewer than `k` neighbours) hold id -1 and score
 * `-Infinity`. Plain data, not a plugin: it carries no `specificationVersion`.
 */
export interface VectorSearchResult {
  /** Number of query rows. */
  queries: number;
  /** Results per query. */
  k: number;
  /** Row index (0-based position in the vectors the index was built from), int32 `[queries * k]`; -1 = unfilled. */
  ids: Int32Array;
  /** Similarity of each result, float32 `[queries * k]`; `-Infinity` where the id is -1. */
  scores: Float32Array;
}
