import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { topK } from './top-k';

/** Sort-based reference: indices by descending score, NaN last, ties by lower index, first k. */
function reference(scores: ArrayLike<number>, k: number): number[] {
  const ids = Array.from({ length: scores.length }, (_, i) => i);
  ids.sort((a, b) => {
    const na = Number.isNaN(scores[a]);
    const nb = Number.isNaN(scores[b]);
    if (na !== nb) return na ? 1 : -1;
    if (na) return a - b;
    return scores[b] - scores[a] || a - b;
  });
  return ids.slice(0, k);
}

describe('topK', () => {
  // index:                      0    1    2    3    4    5
  const row = Float32Array.from([0.2, 0.9, 0.5, 0.9, 0.1, 0.5]);

  it('returns the best indices first, ties by lower index', () => {
    // 0.9 at 1 and 3 -> 1 first; 0.5 at 2 and 5 -> 2 first
    expect(Array.from(topK(row, 3))).toEqual([1, 3, 2]);
    expect(Array.from(topK(row, 4))).toEqual([1, 3, 2, 5]);
    expect(Array.from(topK(row, 1))).toEqual([1]);
  });

  it('returns every index when k > n, and nothing for an empty row', () => {
    expect(Array.from(topK(row, 10))).toEqual([1, 3, 2, 5, 0, 4]);
    expect(Array.from(topK(new Float32Array(0), 3))).toEqual([]);
  });

  it('ranks NaN below -Infinity, NaN indices ascending', () => {
    const r = Float32Array.from([NaN, -Infinity, 0.3, NaN]);
    expect(Array.from(topK(r, 2))).toEqual([2, 1]);
    expect(Array.from(topK(r, 4))).toEqual([2, 1, 0, 3]);
    expect(Array.from(topK(Float32Array.from([NaN, NaN]), 1))).toEqual([0]);
  });

  it('breaks ties among all-equal scores by index', () => {
    expect(Array.from(topK(new Float32Array(7).fill(1), 3))).toEqual([0, 1, 2]);
  });

  it('matches a sort-based reference on random rows with ties and NaN', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(60);
      const scores = new Float32Array(n).map(() => (rng.float() < 0.03 ? NaN : rng.int(6) / 5));
      const k = 1 + rng.int(12);
      expect(Array.from(topK(scores, k))).toEqual(reference(scores, k));
    }
  });

  it('rejects a bad k', () => {
    expect(() => topK(row, 0)).toThrow(RangeError);
    expect(() => topK(row, 1.5)).toThrow(/positive integer/);
  });
});
