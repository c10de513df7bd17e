import type { VectorSearchResult } from './vector-search-result';

/**
 * Mean recall@K of an approximate search against the exact one for the same queries: for each query,
 * the fraction of the exact top-K ids that the approximate top-K also returned, averaged over queries.
 * It measures an index (HNSW vs exact scan), not a model: compare `@clrec/metrics`'
 * `heldOutRecallAtK`, the Recall@K of a user's held-out items.
 *
 * K is `k` (default: the exact result's k); both results must hold at least K columns. Unfilled
 * approximate slots (id -1) count as misses; unfilled exact slots are not part of the truth.
 *
 * @param approx - the approximate index's result (only `queries`, `k` and `ids` are read).
 * @param exact - the exact result for the same queries, same order.
 * @param k - cut-off K, an integer in `[1, min(approx.k, exact.k)]`.
 * @returns a value in `[0, 1]`; `NaN` for zero queries.
 * @throws RangeError when the results cover different numbers of queries, have fewer than K columns,
 *   or an exact row is empty.
 */
export function recallAgainstExact(
  approx: Pick<VectorSearchResult, 'queries' | 'k' | 'ids'>,
  exact: Pick<VectorSearchResult, 'queries' | 'k' | 'ids'>,
  k: number = exact.k,
): number {
  if (approx.queries !== exact.queries) {
    throw new RangeError(`recallAgainstExact: approx has ${approx.queries} queries but exact has ${exact.queries}`);
  }
  if (!Number.isInteger(k) || k < 1 || k > approx.k || k > exact.k) {
    throw new RangeError(
      `recallAgainstExact: k = ${k} must be an integer in [1, min(approx.k = ${approx.k}, exact.k = ${exact.k})]`,
    );
  }
  if (exact.queries === 0) return Number.NaN;
  let sum = 0;
  const truth = new Set<number>();
  for (let q = 0; q < exact.queries; q++) {
    truth.clear();
    for (let j = 0; j < k; j++) {
      const id = exact.ids[q * exact.k + j];
      if (id >= 0) truth.add(id);
    }
    if (truth.size === 0) throw new RangeError(`recallAgainstExact: exact result of query ${q} is empty`);
    let hits = 0;
    for (let j = 0; j < k; j++) if (truth.has(approx.ids[q * approx.k + j])) hits++;
    sum += hits / truth.size;
  }
  return sum / exact.queries;
}
