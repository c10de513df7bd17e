/**
 * One-call summary of a run's target ranks: HR@K and NDCG@K for several K, MRR and the user count.
 */
import { hitRate, mrr, ndcg } from './rank-metrics';

/** Default cut-offs reported by {@link summarizeRanks}. */
export const DEFAULT_KS: readonly number[] = [5, 10, 20];

/**
 * Summarizes per-user target ranks into the standard metric record.
 *
 * Keys, in insertion order: `HR@k`, `NDCG@k` for each `k` of `ks` (in the given order), then `MRR`,
 * then `count` (number of users). Metric values are means in `[0, 1]`; with no users they are `NaN`
 * and `count` is 0.
 *
 * @param ranks - one 0-based rank per user (see `rankOfTarget`); `Infinity` for a masked target
 *   (in the excluded history), which counts as a miss in every metric and as a user in `count`.
 * @param ks - cut-offs, positive integers; default `[5, 10, 20]`.
 */
export function summarizeRanks(
  ranks: ArrayLike<number>,
  ks: readonly number[] = DEFAULT_KS,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ks) {
    const hr = hitRate(k);
    const nd = ndcg(k);
    out[hr.name] = hr.fromRanks(ranks);
    out[nd.name] = nd.fromRanks(ranks);
  }
  const m = mrr();
  out[m.name] = m.fromRanks(ranks);
  out.count = ranks.length;
  return out;
}
