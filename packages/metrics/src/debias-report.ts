/**
 * All debiasing metrics of one model from its users' top-K lists, at several K: aggregate
 * diversity (KDD Tables 1 and 10), the un-normalised popularity index `E_A[p_data]` (App. A),
 * impressions per item-degree bucket (Figures 3 and 4), recall on head / torso / tail targets, and,
 * when the ground truth is known (the simulator), recall of each user's true preferences.
 */
import { aggregateDiversity } from './aggregate-diversity';
import { type DegreeBucket, degreeBucketCounts, degreeBucketImpressions } from './degree-buckets';
import { headTorsoTailRecall, type PopularitySegment, type SegmentOptions, type SegmentRecall } from './head-torso-tail';
import { popularityIndex } from './popularity-index';
import { preferenceRecall } from './preference-recall';

/** Input of {@link debiasReport}. */
export interface DebiasInput {
  /** Best-first recommended ids per user, at least `max(ks)` long (shorter only if the catalogue is). */
  topK: readonly Int32Array[];
  /** List lengths K to report, positive integers. */
  ks: readonly number[];
  /** The held-out target id per user (same order as `topK`). */
  targets: ArrayLike<number>;
  /**
   * Training clicks per item id (index = id, 0 = padding): `p_data` of the popularity index, the
   * degree of the buckets and the popularity of the head / torso / tail segments.
   */
  itemCounts: ArrayLike<number>;
  /** Ground-truth preferred ids of list row `row`, `k` of them (simulator only). */
  trueTopK?: (row: number, k: number) => ArrayLike<number>;
  /** Degree bucket base (default 2). */
  bucketBase?: number;
  /** Head / torso click shares (default 50% / 30%). */
  segments?: SegmentOptions;
}

/** The debiasing metrics at one list length K. */
export interface DebiasAtK {
  k: number;
  /** Distinct items over all users' top-K lists. */
  aggregateDiversity: number;
  /** `aggregateDiversity / numItems`. */
  coverage: number;
  /** `E_A[p_data(y)]` with `p_data` = training-click share; normalise across models for the index. */
  popularity: number;
  /** Recall@K of the targets in each popularity segment. */
  headTorsoTail: Record<PopularitySegment, SegmentRecall>;
  /** Impressions of the top-K lists per log-degree bucket. */
  degreeBuckets: DegreeBucket[];
  /** Mean `|top-K ∩ true top-K| / K` (simulator), else `null`. */
  preferenceRecall: number | null;
}

/** Result of {@link debiasReport}. */
export interface DebiasReport {
  /** Users (lists) measured. */
  users: number;
  /** Real items in the catalogue (`itemCounts.length - 1`). */
  numItems: number;
  /** The same measures for the ground truth: the users' targets as one-item lists (KDD Table 10). */
  groundTruth: { aggregateDiversity: number; popularity: number };
  /** The training data's own clicks per degree bucket (the "data" series of KDD Figure 4). */
  dataBuckets: DegreeBucket[];
  /** One entry per K, in the order of `ks`. */
  atK: DebiasAtK[];
}

/**
 * Computes {@link DebiasReport} from top-K lists: each K uses the first K ids of every list.
 *
 * @throws RangeError if the list and target counts differ, a K is not a positive integer, or an id
 *   is out of range (see the underlying metrics).
 */
export function debiasReport(input: DebiasInput): DebiasReport {
  const { topK, ks, targets, itemCounts } = input;
  if (topK.length !== targets.length) {
    throw new RangeError(`debiasReport: ${topK.length} top-K lists but ${targets.length} targets`);
  }
  const numItems = itemCounts.length - 1;
  const base = input.bucketBase ?? 2;
  const truthLists = Array.from({ length: targets.length }, (_, u) => [targets[u]]);
  const atK = ks.map((k): DebiasAtK => {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`debiasReport: K must be a positive integer, got ${k}`);
    const lists = topK.map((l) => l.subarray(0, k));
    const distinct = aggregateDiversity(lists);
    return {
      k,
      aggregateDiversity: distinct,
      coverage: numItems > 0 ? distinct / numItems : 0,
      popularity: popularityIndex(lists, itemCounts),
      headTorsoTail: headTorsoTailRecall(lists, targets, itemCounts, input.segments),
      degreeBuckets: degreeBucketImpressions(lists, itemCounts, { base }),
      preferenceRecall: input.trueTopK ? preferenceRecall(lists, lists.map((_, u) => input.trueTopK!(u, k))) : null,
    };
  });
  return {
    users: topK.length,
    numItems,
    groundTruth: { aggregateDiversity: aggregateDiversity(truthLists), popularity: popularityIndex(truthLists, itemCounts) },
    dataBuckets: degreeBucketCounts(itemCounts, { base }),
    atK,
  };
}
