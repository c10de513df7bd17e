import type { SearchResult } from './search-result';

/**
 * Mean recall@K of an approximate search against the exact one for the same queries: for each query,
 * the fraction of the exact top-K ids that the approximate top-K also returned, averaged over queries.
 * K is `k` (default: the exact result's k); both results must hold at least K columns. Unfilled
 * approximate slots (id -1) count as misses.
 * @throws RangeError when the results cover different numbers of queries or have fewer than K columns
 */
export function recallAtK(approx: SearchResult, exact: SearchResult, k: number = exact.k): number {
  if (approx.queries !== exact.queries) {
    throw new RangeError(`recallAtK: approx has ${approx.queries} queries but exact has ${exact.queries}`);
  }
  if (!Number.isInteger(k) || k < 1 || k > approx.k || k > exact.k) {
    throw new RangeError(`recallAtK: k = ${k} must be an integer in [1, min(approx.k = ${approx.k}, exact.k = ${exact.k})]`);
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
    if (truth.size === 0) throw new RangeError(`recallAtK: exact result of query ${q} is empty`);
    let hits = 0;
    for (let j = 0; j < k; j++) if (truth.has(approx.ids[q * approx.k + j])) hits++;
    sum += hits / truth.size;
  }
  return sum / exact.queries;
}
