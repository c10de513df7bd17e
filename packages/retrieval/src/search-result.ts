import type { VectorSearchResult } from '@clrec/spec';

/** The ids of query `q` of a result, a view (no copy). */
export function resultIds(result: VectorSearchResult, q: number): Int32Array {
  return result.ids.subarray(q * result.k, (q + 1) * result.k);
}

/** The scores of query `q` of a result, a view (no copy). */
export function resultScores(result: VectorSearchResult, q: number): Float32Array {
  return result.scores.subarray(q * result.k, (q + 1) * result.k);
}
