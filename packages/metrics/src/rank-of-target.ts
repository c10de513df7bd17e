/**
 * Rank of one user's target item in a full-ranking score row.
 *
 * This is the hot loop of full-ranking evaluation (about 22k users × 12k items per pass), so it is a
 * single pass over the row with one comparison per item and no sort or allocation proportional to
 * the number of items.
 *
 * Excluded items are masked, the target included: a target that is also in the user's excluded
 * history (repeat consumption) gets rank `Infinity`, a miss at every cut-off, as the ICLRec and
 * RecBole evaluators count it (they mask every history item before ranking).
 */

/** Options for {@link rankOfTarget}. */
export interface RankOptions {
  /**
   * Item indices that are not candidates (typically the user's history items). Duplicates are
   * allowed and counted once. If the target itself is listed (a repeat of a history item), it is
   * masked like the others and its rank is `Infinity` (a miss). Index 0 is tolerated (and ignored)
   * when `ignoreIndex0` is set, so zero-padded history arrays can be passed as-is. Any other index
   * outside `[0, scores.length)` or not an integer throws a `RangeError`.
   */
  exclude?: ArrayLike<number>;
  /** Treat index 0 as the padding item, never a candidate. Default `true`. */
  ignoreIndex0?: boolean;
}

/** Scores of all items for one user: `scores[i]` is the score of item id `i` (higher = better). */
export type ScoreRow = Float32Array | Float64Array;

/**
 * 0-based rank of `scores[target]` among the candidate items of a full-ranking score row
 * (rank 0 = top of the list), or `Infinity` when the target is itself excluded.
 *
 * Candidates are all indices of `scores`, minus index 0 when `ignoreIndex0` (default `true`), minus
 * `exclude`. A target listed in `exclude` is masked too: it is not a candidate, so its rank is
 * `Infinity`, which `hitRate`, `ndcg` and `mrr` count as a miss (gain 0). Ties are PESSIMISTIC:
 * `rank = #(candidates with score > s_t) + #(other candidates with score == s_t)`, so a constant
 * model gets the worst rank instead of the best. NaN is pessimistic too: a NaN candidate score counts
 * as ranked above the target, and a NaN target score gets the worst rank (`#candidates - 1`).
 * Implemented as `#(other candidates c with !(scores[c] < s_t))`.
 *
 * @param scores - one score row of length `numItems` (item ids are indices).
 * @param target - item id of the held-out target, an integer in `[0, scores.length)`
 *   (`>= 1` when `ignoreIndex0`).
 * @param opts - exclusion list and padding policy.
 * @returns an integer rank in `[0, #candidates - 1]`, or `Infinity` when `exclude` lists the target.
 * @throws RangeError if `target` or an `exclude` entry is not a valid item index.
 */
export function rankOfTarget(scores: ScoreRow, target: number, opts: RankOptions = {}): number {
  const n = scores.length;
  const start = opts.ignoreIndex0 === false ? 0 : 1;
  if (!Number.isInteger(target) || target < start || target >= n) {
    throw new RangeError(`rankOfTarget: target ${target} is not a candidate index in [${start}, ${n})`);
  }
  const t = scores[target];
  // Exclusions first (a few ids, validated in full): a listed target is masked, so there is no rank.
  const exclude = opts.exclude;
  let removed = 0;
  if (exclude !== undefined && exclude.length > 0) {
    removed = excludedAtOrAbove(scores, target, t, start, exclude);
    if (removed < 0) return Infinity;
  }
  // One pass: count every item that is not strictly below the target (>, ==, or NaN). Branch-free and
  // four-way unrolled: on random scores the branchy form mispredicts half the time (2.5x slower).
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  let i = start;
  for (; i + 3 < n; i += 4) {
    c0 += +!(scores[i] < t);
    c1 += +!(scores[i + 1] < t);
    c2 += +!(scores[i + 2] < t);
    c3 += +!(scores[i + 3] < t);
  }
  for (; i < n; i++) c0 += +!(scores[i] < t);
  const count = c0 + c1 + c2 + c3 - 1; // minus the target itself (always counted: !(t < t) holds, also for NaN)
  return count - removed;
}

/**
 * Number of distinct excluded candidates (not the target) that the main loop counts, or -1 when the
 * target itself is excluded (every entry is validated either way).
 */
function excludedAtOrAbove(
  scores: ScoreRow,
  target: number,
  t: number,
  start: number,
  exclude: ArrayLike<number>,
): number {
  const n = scores.length;
  const seen = exclude.length > 1 ? new Set<number>() : undefined;
  let removed = 0;
  let masked = false;
  for (let j = 0; j < exclude.length; j++) {
    const idx = exclude[j];
    if (!Number.isInteger(idx) || idx < 0 || idx >= n) {
      throw new RangeError(`rankOfTarget: exclude[${j}] = ${idx} is not an item index in [0, ${n})`);
    }
    if (idx < start) continue;
    if (idx === target) {
      masked = true;
      continue;
    }
    if (seen !== undefined) {
      if (seen.has(idx)) continue;
      seen.add(idx);
    }
    if (!(scores[idx] < t)) removed++;
  }
  return masked ? -1 : removed;
}
