/**
 * Top-K retrieval from score rows: the K best item ids of a row in O(n log K) with the bounded heap of
 * `@clrec/spec` (`TopKHeap`, the library's one top-K selection; no full sort), minus excluded ids.
 * Used to build the top-K lists the debiasing metrics consume (aggregate diversity, popularity index,
 * degree buckets, preference recall).
 */
import { TopKHeap } from '@clrec/spec';
import type { ScoreRow } from './rank-of-target';

/** Options for {@link topKIndices} and {@link topKIndicesBlock}. */
export interface TopKOptions {
  /**
   * Item ids that are never returned (typically the user's history). Duplicates are fine; index 0
   * is tolerated when `ignoreIndex0`. Any other id outside `[0, n)` or non-integer throws.
   */
  exclude?: ArrayLike<number>;
  /** Treat index 0 as the padding item, never returned. Default `true`. */
  ignoreIndex0?: boolean;
}

/** Options for {@link topKIndicesBlock}: like {@link TopKOptions}, exclusion given per row. */
export interface TopKBlockOptions {
  /** Excluded ids for block-local row `r` (`0 <= r < rows`); may return `undefined`. */
  exclude?: (row: number) => ArrayLike<number> | undefined;
  /** Treat index 0 as the padding item, never returned. Default `true`. */
  ignoreIndex0?: boolean;
}

/** Sorted, de-duplicated, validated copy of the exclusion list (ids below `start` dropped). */
function sortedExclusions(exclude: ArrayLike<number> | undefined, n: number, start: number): Int32Array {
  if (exclude === undefined || exclude.length === 0) return new Int32Array(0);
  const out = new Int32Array(exclude.length);
  for (let j = 0; j < exclude.length; j++) {
    const idx = exclude[j];
    if (!Number.isInteger(idx) || idx < 0 || idx >= n) {
      throw new RangeError(`topKIndices: exclude[${j}] = ${idx} is not an item index in [0, ${n})`);
    }
    out[j] = idx;
  }
  out.sort();
  let m = 0;
  for (let j = 0; j < out.length; j++) {
    if (out[j] < start || (m > 0 && out[m - 1] === out[j])) continue;
    out[m++] = out[j];
  }
  return out.subarray(0, m);
}

/**
 * Top-k of `scores[offset + i]` for ids `i` in `[start, n)`, skipping the sorted ids in `ex`: the
 * numeric scores through a `TopKHeap` (segments between excluded ids offered in increasing id order,
 * its fast path), then, if fewer than k, the NaN candidates by ascending id.
 */
function topKOfRow(scores: ScoreRow, offset: number, n: number, k: number, start: number, ex: Int32Array): Int32Array {
  const want = Math.min(k, n - start - ex.length);
  if (want <= 0) return new Int32Array(0);
  const heap = new TopKHeap(want);
  let from = start;
  for (let e = 0; e <= ex.length; e++) {
    const to = e < ex.length ? ex[e] : n;
    if (to > from) heap.pushRow(scores, offset + from, to - from, from);
    from = to + 1;
  }
  const best = heap.drainIds();
  if (best.length === want) return best;
  // Fewer numeric candidates than wanted: NaN ranks below every number, ties by lower id.
  const out = new Int32Array(want);
  out.set(best);
  let m = best.length;
  let e = 0;
  for (let i = start; i < n && m < want; i++) {
    if (e < ex.length && ex[e] === i) {
      e++;
      continue;
    }
    const s = scores[offset + i];
    if (s !== s) out[m++] = i;
  }
  return out;
}

/** Throws unless `k` is a positive integer. */
function checkK(k: number, what: string): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${what}: k must be a positive integer, got ${k}`);
}

/**
 * The `k` best item ids of one score row, best first.
 *
 * Order: descending score; equal scores by ascending id (deterministic); NaN scores rank below
 * every number, `-Infinity` included (a NaN item is returned only when fewer than `k` numeric
 * candidates exist). Candidates are all ids except 0 (when `ignoreIndex0`, default `true`) and
 * `exclude`. Cost O(n log k) worst case, O(n) typical, plus O(E log E) for E excluded ids.
 *
 * Note: this is a *list* for recommendation, not the pessimistic evaluation rank of
 * `rankOfTarget`; do not infer HR@K from it when scores tie (the tie-break here favours low ids).
 *
 * @param scores - one row, `scores[i]` = score of item id `i`.
 * @param k - list length, a positive integer.
 * @param opts - exclusions and padding policy.
 * @returns `Int32Array` of `min(k, #candidates)` item ids.
 * @throws RangeError on a bad `k` or exclusion id.
 */
export function topKIndices(scores: ScoreRow, k: number, opts: TopKOptions = {}): Int32Array {
  checkK(k, 'topKIndices');
  const n = scores.length;
  const start = opts.ignoreIndex0 === false ? 0 : 1;
  return topKOfRow(scores, 0, n, k, start, sortedExclusions(opts.exclude, n, start));
}

/**
 * {@link topKIndices} for every row of a row-major score block of shape `[rows, numCandidates]`
 * (the same blocks `FullRankingAccumulator.add` takes).
 *
 * @param scoresBlock - `rows × numCandidates` scores; `rows = scoresBlock.length / numCandidates`.
 * @param numCandidates - row length (number of item ids including padding 0).
 * @param k - list length per row.
 * @param opts - per-row exclusions (block-local row index) and padding policy.
 * @returns one `Int32Array` of item ids per row, best first.
 * @throws RangeError if the block length is not a multiple of `numCandidates`, or on a bad `k` or id.
 */
export function topKIndicesBlock(
  scoresBlock: ScoreRow,
  numCandidates: number,
  k: number,
  opts: TopKBlockOptions = {},
): Int32Array[] {
  checkK(k, 'topKIndicesBlock');
  if (!Number.isInteger(numCandidates) || numCandidates < 1 || scoresBlock.length % numCandidates !== 0) {
    throw new RangeError(
      `topKIndicesBlock: scoresBlock has ${scoresBlock.length} values, not a multiple of ${numCandidates} candidates`,
    );
  }
  const rows = scoresBlock.length / numCandidates;
  const start = opts.ignoreIndex0 === false ? 0 : 1;
  const out: Int32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const ex = sortedExclusions(opts.exclude?.(r), numCandidates, start);
    out.push(topKOfRow(scoresBlock, r * numCandidates, numCandidates, k, start, ex));
  }
  return out;
}
