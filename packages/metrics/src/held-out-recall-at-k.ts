/**
 * Recall@K for users with several held-out target items (e.g. a temporal split's test window),
 * under the same candidate, masking and pessimistic-tie rules as `rankOfTarget`. A ranking metric of a model;
 * not `recallAgainstExact` of `@clrec/spec`, which measures an approximate index against the exact one.
 */
import type { RankOptions, ScoreRow } from './rank-of-target';
import { upperBound } from './upper-bound';


/**
 * Worst-case 0-based list positions of a user's distinct targets, ascending.
 *
 * The list is every candidate sorted by descending score with ties broken AGAINST the targets:
 * at equal score (or NaN) a non-target comes first. Target `t`'s position is therefore
 * `#(non-target candidates c with !(s_c < s_t)) + #(targets placed before t)`, where targets are
 * placed by descending score, NaN targets last. With one target this equals `rankOfTarget`.
 * Candidates and exclusions follow `rankOfTarget` (index 0 out when `ignoreIndex0`, excluded ids
 * out): a target that is also excluded (a repeat of a history item) is masked, takes no list slot,
 * and gets position `Infinity` (never in a top-k, still counted in the denominator of recall).
 * Cost O((n + E + T) log T) for n items, E excluded, T targets.
 *
 * @param scores - one full score row, `scores[i]` = score of item id `i`.
 * @param targets - the user's target item ids (duplicates count once); must be non-empty.
 * @param opts - exclusions and padding policy, as for `rankOfTarget`.
 * @returns `Float64Array` of `#distinct targets` positions, ascending (a target is in the top-k iff
 *   its position is `< k`): integers, then `Infinity` for each masked target.
 * @throws RangeError on an empty target list or an invalid target / excluded id.
 */
export function targetListPositions(scores: ScoreRow, targets: ArrayLike<number>, opts: RankOptions = {}): Float64Array {
  const n = scores.length;
  const start = opts.ignoreIndex0 === false ? 0 : 1;
  const tset = new Set<number>();
  for (let j = 0; j < targets.length; j++) {
    const t = targets[j];
    if (!Number.isInteger(t) || t < start || t >= n) {
      throw new RangeError(`heldOutRecallAtK: targets[${j}] = ${t} is not a candidate index in [${start}, ${n})`);
    }
    tset.add(t);
  }
  if (tset.size === 0) throw new RangeError('heldOutRecallAtK: the target list is empty');
  // Distinct excluded ids (validated); the targets among them are masked.
  const exSet = new Set<number>();
  const ex = opts.exclude;
  if (ex !== undefined) {
    for (let j = 0; j < ex.length; j++) {
      const idx = ex[j];
      if (!Number.isInteger(idx) || idx < 0 || idx >= n) {
        throw new RangeError(`heldOutRecallAtK: exclude[${j}] = ${idx} is not an item index in [0, ${n})`);
      }
      if (idx >= start) exSet.add(idx);
    }
  }
  // Finite-or-infinite (non-NaN) scores of the unmasked targets ascending; NaN targets counted separately.
  const numeric: number[] = [];
  let nanTargets = 0;
  let maskedTargets = 0;
  for (const t of tset) {
    if (exSet.has(t)) {
      maskedTargets++;
      continue;
    }
    const s = scores[t];
    if (s !== s) nanTargets++;
    else numeric.push(s);
  }
  const asc = Float64Array.from(numeric).sort();
  const m = asc.length;
  // hist[c] = #candidates whose score is >= exactly the c smallest target scores (c = #v <= s);
  // NaN candidates are >= every target (pessimistic), like rankOfTarget.
  const hist = new Float64Array(m + 1);
  const add = (s: number, w: number): void => {
    hist[s !== s ? m : upperBound(asc, s)] += w;
  };
  // Hot loop (every item of the row): inline the search; most scores lie below the lowest target.
  const lowest = m > 0 ? asc[0] : NaN;
  for (let i = start; i < n; i++) {
    const s = scores[i];
    if (s < lowest) {
      hist[0]++;
      continue;
    }
    if (s !== s) {
      hist[m]++;
      continue;
    }
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (asc[mid] <= s) lo = mid + 1;
      else hi = mid;
    }
    hist[lo]++;
  }
  let total = n - start; // number of non-target candidates, once targets and exclusions are removed
  // Remove the targets themselves (masked ones included) and the distinct non-target excluded ids.
  for (const t of tset) add(scores[t], -1);
  total -= tset.size;
  for (const idx of exSet) {
    if (tset.has(idx)) continue;
    add(scores[idx], -1);
    total--;
  }
  // above[i] for target with ascending index i = #non-targets with !(s < v_i) = sum_{c > i} hist[c].
  const out = new Float64Array(tset.size);
  let suffix = 0;
  let placed = 0;
  for (let i = m - 1; i >= 0; i--) {
    suffix += hist[i + 1];
    out[placed] = suffix + placed; // targets placed before: the `placed` higher (or tied) ones
    placed++;
  }
  for (let j = 0; j < nanTargets; j++) {
    out[placed] = total + placed; // every non-target is at or above a NaN target
    placed++;
  }
  for (let j = 0; j < maskedTargets; j++) out[placed++] = Infinity; // masked: in no top-k list
  return out;
}

/**
 * Recall@K of one user's held-out items (several targets):
 * `|top-k ∩ targets| / |targets|` (distinct targets; the standard definition, so a user with more
 * than `k` targets cannot reach 1). The top-k list is the worst case over tie-breaks, see
 * {@link targetListPositions}: ties and NaN scores count against the targets.
 *
 * @param scores - one full score row (index = item id).
 * @param targets - the user's held-out item ids, non-empty.
 * @param k - cut-off, a positive integer.
 * @param opts - exclusions (e.g. the training history) and padding policy, as for `rankOfTarget`; a
 *   target that is also excluded is masked and counts as a miss.
 * @returns a value in `[0, 1]`.
 * @throws RangeError on a bad `k`, an empty target list, or an invalid id.
 * @see `recallAgainstExact` (`@clrec/spec`) for the recall of an approximate index, a different quantity.
 */
export function heldOutRecallAtK(scores: ScoreRow, targets: ArrayLike<number>, k: number, opts: RankOptions = {}): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`heldOutRecallAtK: k must be a positive integer, got ${k}`);
  const pos = targetListPositions(scores, targets, opts);
  return recallFromPositions(pos, k);
}


/**
 * Recall@k from the ascending worst-case positions of {@link targetListPositions}:
 * `#(positions < k) / positions.length` (a masked target, position `Infinity`, is a miss).
 *
 * @param positions - ascending target positions of one user (non-empty).
 * @param k - cut-off.
 */
export function recallFromPositions(positions: ArrayLike<number>, k: number): number {
  let hits = 0;
  while (hits < positions.length && positions[hits] < k) hits++;
  return hits / positions.length;
}
