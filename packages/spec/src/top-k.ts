import { TopKHeap } from './top-k-heap';

/**
 * The indices of the `k` largest scores, best first: descending score, equal scores by lower index
 * (deterministic), NaN below every number (`-Infinity` included; a NaN index is returned only when
 * fewer than `k` numeric scores exist, then in ascending index order). Returns `min(k, n)` indices.
 * Cost O(n) typical, O(n log k) worst case, O(k) memory (a {@link TopKHeap}; no sort of the row).
 *
 * @param scores - one score per index, e.g. the similarities of one user to every item.
 * @param k - how many indices to return, a positive integer (larger than `scores.length` is fine).
 * @returns `Int32Array` of `min(k, scores.length)` indices.
 * @throws RangeError when `k` is not a positive integer.
 */
export function topK(scores: ArrayLike<number>, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`topK: k must be a positive integer, got ${k}`);
  const n = scores.length;
  const want = Math.min(k, n);
  if (want === 0) return new Int32Array(0);
  const heap = new TopKHeap(want);
  heap.pushRow(scores, 0, n, 0);
  const best = heap.drainIds();
  if (best.length === want) return best;
  // Fewer than `want` numeric scores: the NaN indices follow, ascending.
  const out = new Int32Array(want);
  out.set(best);
  let m = best.length;
  for (let i = 0; i < n && m < want; i++) if (scores[i] !== scores[i]) out[m++] = i;
  return out;
}
