/**
 * Rank-based metrics (HR@K, NDCG@K, MRR) as `Metric` plugins of `@clrec/spec` (which has no runtime
 * dependency, so this package stays free of tfjs). A rank of `Infinity` (a target masked because it
 * was in the excluded history, see `rankOfTarget`) is a miss: gain 0 for every metric.
 */
import type { Metric } from '@clrec/spec';

/**
 * Builds a metric whose value is the mean of `gain(rank)` over users; `gain(Infinity)` must be 0
 * (a masked target is a miss).
 */
function meanMetric(name: string, gain: (rank: number) => number): Metric {
  return {
    specificationVersion: 'v1',
    name,
    fromRanks(ranks: ArrayLike<number>): number {
      const m = ranks.length;
      if (m === 0) return NaN;
      let sum = 0;
      for (let i = 0; i < m; i++) {
        const r = ranks[i];
        if (r !== Infinity && (!Number.isInteger(r) || r < 0)) {
          throw new RangeError(`${name}: ranks[${i}] = ${r} is not a non-negative integer or Infinity`);
        }
        sum += gain(r);
      }
      return sum / m;
    },
  };
}

/** Throws unless `k` is a positive integer cut-off. */
function checkK(k: number, what: string): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${what}: k must be a positive integer, got ${k}`);
}

/**
 * Hit rate at K (`HR@k`): fraction of users whose target rank is `< k`, i.e. the target appears in
 * the top-k list (a masked target, rank `Infinity`, never does). In `[0, 1]`.
 *
 * @param k - cut-off (list length), a positive integer.
 */
export function hitRate(k: number): Metric {
  checkK(k, 'hitRate');
  return meanMetric(`HR@${k}`, (r) => (r < k ? 1 : 0));
}

/**
 * Normalized discounted cumulative gain at K (`NDCG@k`) for a single relevant item per user:
 * mean of `rank < k ? 1 / log2(rank + 2) : 0` (the ideal DCG is 1; rank `Infinity` gives 0). In `[0, 1]`.
 *
 * @param k - cut-off (list length), a positive integer.
 */
export function ndcg(k: number): Metric {
  checkK(k, 'ndcg');
  return meanMetric(`NDCG@${k}`, (r) => (r < k ? 1 / Math.log2(r + 2) : 0));
}

/**
 * Mean reciprocal rank (`MRR`), uncut: mean of `1 / (rank + 1)`, 0 for a masked target (rank
 * `Infinity`). In `[0, 1]`.
 */
export function mrr(): Metric {
  return meanMetric('MRR', (r) => 1 / (r + 1));
}
