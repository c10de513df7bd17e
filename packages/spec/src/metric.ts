import type { SpecificationVersion } from './specification-version';

/**
 * Evaluation metric plugin computed from the 0-based rank of each user's target item in a ranking
 * (rank 0 = top). Ranks are produced by a protocol (full ranking, sampled negatives); `@clrec/metrics`
 * provides `hitRate(k)` (HR@K), `ndcg(k)` (NDCG@K) and `mrr()`.
 */
export interface Metric {
  /** Plugin specification version this metric implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Display name, e.g. `HR@10`; the key in summaries and tables. */
  readonly name: string;
  /**
   * Mean value over users given their target ranks (one non-negative integer rank per user, or
   * `Infinity` for a target the protocol masked, e.g. one found in the user's excluded history: a
   * miss, which should score as the worst possible value). Built-in metrics return `NaN` for an
   * empty input, score `Infinity` as 0 and throw a `RangeError` on a negative or non-integer finite
   * rank.
   */
  fromRanks(ranks: ArrayLike<number>): number;
}
