import { describe, expect, it } from 'vitest';
import { rankOfTarget } from './rank-of-target';

/** Reference implementation: materialize the candidate set, count by definition (excluded target: Infinity). */
function referenceRank(scores: ArrayLike<number>, target: number, exclude: number[] = [], ignoreIndex0 = true): number {
  const ex = new Set(exclude);
  if (ex.has(target)) return Infinity;
  const t = scores[target];
  if (Number.isNaN(t)) {
    let m = 0;
    for (let i = ignoreIndex0 ? 1 : 0; i < scores.length; i++) if (!ex.has(i)) m++;
    return m - 1;
  }
  let rank = 0;
  for (let i = ignoreIndex0 ? 1 : 0; i < scores.length; i++) {
    if (i === target || ex.has(i)) continue;
    const s = scores[i];
    if (s > t || s === t || Number.isNaN(s)) rank++;
  }
  return rank;
}

describe('rankOfTarget', () => {
  // Index 0 is padding; it holds a huge score to prove it is ignored by default.
  const row = new Float32Array([99, 0.1, 0.9, 0.5, 0.5]);

  it('counts higher scores plus tied others (brief example)', () => {
    // target 3 (0.5): higher = item 2 (0.9) -> 1; ties = item 4 (0.5) -> 1; item 1 (0.1) below.
    // rank = 1 + 1 = 2
    expect(rankOfTarget(row, 3)).toBe(2);
    // target 2 (0.9): nothing higher, no tie -> rank 0
    expect(rankOfTarget(row, 2)).toBe(0);
    // target 1 (0.1): items 2, 3, 4 higher -> rank 3 (worst of 4 candidates)
    expect(rankOfTarget(row, 1)).toBe(3);
  });

  it('includes index 0 as a candidate only when ignoreIndex0 is false', () => {
    // target 3 with item 0 (99) now a candidate: higher = items 0, 2 -> 2; ties = item 4 -> 1; rank 3
    expect(rankOfTarget(row, 3, { ignoreIndex0: false })).toBe(3);
    expect(rankOfTarget(row, 3, { ignoreIndex0: true })).toBe(2);
    // item 0 may be the target only when it is a candidate: 99 is the top -> rank 0
    expect(rankOfTarget(row, 0, { ignoreIndex0: false })).toBe(0);
    expect(() => rankOfTarget(row, 0)).toThrow(RangeError);
  });

  it('drops excluded items (dedupes, tolerates padding 0)', () => {
    // exclude item 2 (0.9): higher = none; ties = item 4 -> rank 1
    expect(rankOfTarget(row, 3, { exclude: [2] })).toBe(1);
    // exclude items 2 and 4: nothing above or tied -> rank 0
    expect(rankOfTarget(row, 3, { exclude: [2, 4] })).toBe(0);
    // duplicates count once: still 0, not -2
    expect(rankOfTarget(row, 3, { exclude: [2, 2, 4, 4] })).toBe(0);
    // zero-padded history: 0s are skipped -> only item 2 removed -> rank 1
    expect(rankOfTarget(row, 3, { exclude: [0, 0, 2] })).toBe(1);
    // excluding a lower-scored item (item 1, 0.1) changes nothing -> rank 2
    expect(rankOfTarget(row, 3, { exclude: [1] })).toBe(2);
    // with ignoreIndex0 false, excluding 0 removes the 99 -> back to 2
    expect(rankOfTarget(row, 3, { exclude: [0], ignoreIndex0: false })).toBe(2);
    expect(rankOfTarget(row, 3, { exclude: [] })).toBe(2);
  });

  it('masks a target that is in its own exclusion list (repeat consumption): rank Infinity, a miss', () => {
    // target 2 (0.9) would rank first (rank 0), but the user's history [1, 2] holds it -> masked
    expect(rankOfTarget(row, 2)).toBe(0);
    expect(rankOfTarget(row, 2, { exclude: [1, 2] })).toBe(Infinity);
    // listed once among duplicates and padding: still masked
    expect(rankOfTarget(row, 3, { exclude: [0, 3, 2, 3] })).toBe(Infinity);
    // with ignoreIndex0 false, target 0 in the list is masked too
    expect(rankOfTarget(row, 0, { exclude: [0], ignoreIndex0: false })).toBe(Infinity);
    // padding 0 in the list never masks a real target
    expect(rankOfTarget(row, 2, { exclude: [0, 0] })).toBe(0);
    // the other entries are still validated
    expect(() => rankOfTarget(row, 2, { exclude: [2, 9] })).toThrow(RangeError);
  });

  it('is pessimistic on ties: a constant model gets the worst rank', () => {
    // 5 candidates (items 1..5) all 0.3: 4 tied others -> rank 4 = worst, for every target
    const flat = new Float32Array([0, 0.3, 0.3, 0.3, 0.3, 0.3]);
    for (let t = 1; t <= 5; t++) expect(rankOfTarget(flat, t)).toBe(4);
    // excluding 2 of them leaves 2 tied others -> rank 2
    expect(rankOfTarget(flat, 1, { exclude: [2, 3] })).toBe(2);
  });

  it('gives a NaN target the worst rank and ranks NaN candidates above the target', () => {
    const r = new Float64Array([0, 0.1, NaN, 0.5, 0.2]);
    // target 2 is NaN: 4 candidates -> worst rank 3
    expect(rankOfTarget(r, 2)).toBe(3);
    // excluding item 1 leaves 3 candidates -> worst rank 2
    expect(rankOfTarget(r, 2, { exclude: [1] })).toBe(2);
    // target 3 (0.5) is the highest real score, but NaN item 2 counts above it -> rank 1
    expect(rankOfTarget(r, 3)).toBe(1);
    // ... unless excluded -> rank 0
    expect(rankOfTarget(r, 3, { exclude: [2] })).toBe(0);
  });

  it('handles -Infinity masks and Float64Array rows', () => {
    // history masked with -Inf by the caller: target 1 (0.2); item 3 (0.7) higher -> rank 1
    const r = new Float64Array([0, 0.2, -Infinity, 0.7, -Infinity]);
    expect(rankOfTarget(r, 1)).toBe(1);
  });

  it('rejects invalid targets and exclusion indices', () => {
    expect(() => rankOfTarget(row, 5)).toThrow(RangeError);
    expect(() => rankOfTarget(row, -1)).toThrow(RangeError);
    expect(() => rankOfTarget(row, 1.5)).toThrow(RangeError);
    expect(() => rankOfTarget(row, 3, { exclude: [7] })).toThrow(RangeError);
    expect(() => rankOfTarget(row, 3, { exclude: [-1] })).toThrow(RangeError);
    expect(() => rankOfTarget(row, 3, { exclude: [2.5] })).toThrow(RangeError);
  });

  it('matches a by-definition reference on random rows with ties, NaN and exclusions', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + Math.floor(rand() * 40);
      const scores = new Float32Array(n);
      // coarse values force many ties; occasional NaN
      for (let i = 0; i < n; i++) scores[i] = rand() < 0.05 ? NaN : Math.floor(rand() * 5) / 4;
      const ignoreIndex0 = rand() < 0.7;
      const target = (ignoreIndex0 ? 1 : 0) + Math.floor(rand() * (n - (ignoreIndex0 ? 1 : 0)));
      const exclude = Array.from({ length: Math.floor(rand() * 6) }, () => Math.floor(rand() * n));
      expect(rankOfTarget(scores, target, { exclude, ignoreIndex0 })).toBe(
        referenceRank(scores, target, exclude, ignoreIndex0),
      );
    }
  });
});
