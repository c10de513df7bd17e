/**
 * Per-user AUC over explicit positive and negative candidate lists (e.g. the held-out item vs the
 * sampled evaluation negatives), and its mean over users.
 */
import type { ScoreRow } from './rank-of-target';
import { upperBound } from './upper-bound';

/** Number of elements of the ascending array `a` that are `< x`. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}


/**
 * AUC from raw scores: the fraction of (positive, negative) pairs with
 * `positive > negative`, a tie counting 0.5 (the Mann–Whitney convention, unlike the pessimistic
 * ranks). A pair involving a NaN score counts 0 (a broken model must not earn credit).
 * O((P + N) log N).
 *
 * @param positiveScores - scores of the positive items.
 * @param negativeScores - scores of the negative items.
 * @returns a value in `[0, 1]`, or `NaN` when either list is empty (AUC undefined).
 */
export function aucFromScores(positiveScores: ArrayLike<number>, negativeScores: ArrayLike<number>): number {
  const p = positiveScores.length;
  const nTotal = negativeScores.length;
  if (p === 0 || nTotal === 0) return NaN;
  const numeric: number[] = [];
  for (let j = 0; j < nTotal; j++) {
    const s = negativeScores[j];
    if (s === s) numeric.push(s);
  }
  const neg = Float64Array.from(numeric).sort();
  let wins = 0;
  for (let i = 0; i < p; i++) {
    const s = positiveScores[i];
    if (s !== s) continue;
    const less = lowerBound(neg, s);
    wins += less + 0.5 * (upperBound(neg, s) - less);
  }
  return wins / (p * nTotal);
}

/** Validates item ids against the row and gathers their scores. */
function gather(scores: ScoreRow, ids: ArrayLike<number>, what: string): Float64Array {
  const out = new Float64Array(ids.length);
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j];
    if (!Number.isInteger(id) || id < 0 || id >= scores.length) {
      throw new RangeError(`auc: ${what}[${j}] = ${id} is not an item index in [0, ${scores.length})`);
    }
    out[j] = scores[id];
  }
  return out;
}

/**
 * Per-user AUC = P(score(pos) > score(neg)) over the given candidate lists, ties counting 0.5 (see
 * {@link aucFromScores}). Lists are used as given: no de-duplication, no padding rule, and an id
 * present in both lists is compared with itself (a tie, 0.5).
 *
 * @param scores - one score row, `scores[i]` = score of item id `i`.
 * @param positives - positive item ids (e.g. `[target]`).
 * @param negatives - negative item ids (e.g. the user's 100 sampled negatives).
 * @returns a value in `[0, 1]`; `NaN` if a list is empty.
 * @throws RangeError on an id outside `[0, scores.length)`.
 */
export function auc(scores: ScoreRow, positives: ArrayLike<number>, negatives: ArrayLike<number>): number {
  return aucFromScores(gather(scores, positives, 'positives'), gather(scores, negatives, 'negatives'));
}

/**
 * Mean of per-user AUC values (each user weighs the same). `NaN` entries (users with an empty list)
 * are skipped; `count` says how many users were averaged.
 *
 * @param values - one AUC per user.
 * @returns `{ AUC, count }`; `AUC` is `NaN` when `count` is 0.
 */
export function meanAuc(values: ArrayLike<number>): { AUC: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v < 0 || v > 1) throw new RangeError(`meanAuc: values[${i}] = ${v} is not in [0, 1]`);
    sum += v;
    count++;
  }
  return { AUC: count === 0 ? NaN : sum / count, count };
}
