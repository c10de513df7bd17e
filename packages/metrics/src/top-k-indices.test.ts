import { describe, expect, it } from 'vitest';
import { Rng } from '@clrec/spec';
import { topKIndices, topKIndicesBlock } from './top-k-indices';

/** Uniform draws on [0, 1) from a seeded `Rng` (one 32-bit word each). */
const uniformDraws = (seed: number): (() => number) => {
  const rng = new Rng(seed);
  return () => rng.uniform32();
};

/** Sort-based reference: candidates sorted by score desc (NaN last), ties by lower id, first k. */
function reference(scores: ArrayLike<number>, k: number, exclude: number[] = [], ignoreIndex0 = true): number[] {
  const ex = new Set(exclude);
  const ids: number[] = [];
  for (let i = ignoreIndex0 ? 1 : 0; i < scores.length; i++) if (!ex.has(i)) ids.push(i);
  const key = (i: number): number => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  ids.sort((a, b) => {
    const na = Number.isNaN(scores[a]);
    const nb = Number.isNaN(scores[b]);
    if (na !== nb) return na ? 1 : -1;
    return key(b) - key(a) || a - b;
  });
  return ids.slice(0, k);
}

describe('topKIndices', () => {
  // id:          0    1    2    3    4    5    6
  const row = new Float32Array([9, 0.2, 0.8, 0.5, 0.8, 0.1, 0.6]);

  it('returns the k best ids, best first, ties by lower id, padding 0 ignored', () => {
    // sorted candidates: 2 (0.8), 4 (0.8, tie -> after 2), 6 (0.6), 3 (0.5), 1 (0.2), 5 (0.1)
    expect(Array.from(topKIndices(row, 3))).toEqual([2, 4, 6]);
    expect(Array.from(topKIndices(row, 1))).toEqual([2]);
    // with id 0 a candidate, its 9 is the top
    expect(Array.from(topKIndices(row, 3, { ignoreIndex0: false }))).toEqual([0, 2, 4]);
    // k larger than the 6 candidates: all of them
    expect(Array.from(topKIndices(row, 10))).toEqual([2, 4, 6, 3, 1, 5]);
  });

  it('skips excluded ids (duplicates, padding 0 tolerated) and validates', () => {
    // exclude 2 and 6: 4 (0.8), 3 (0.5), 1 (0.2)
    expect(Array.from(topKIndices(row, 3, { exclude: [6, 0, 2, 2] }))).toEqual([4, 3, 1]);
    expect(() => topKIndices(row, 3, { exclude: [7] })).toThrow(RangeError);
    expect(() => topKIndices(row, 3, { exclude: [1.5] })).toThrow(RangeError);
    expect(() => topKIndices(row, 0)).toThrow(RangeError);
  });

  it('puts NaN below every number, -Infinity included', () => {
    const r = new Float64Array([0, NaN, -Infinity, 0.3, NaN]);
    // 3 (0.3), 2 (-Inf), then the NaNs by id: 1, 4
    expect(Array.from(topKIndices(r, 4))).toEqual([3, 2, 1, 4]);
    expect(Array.from(topKIndices(r, 2))).toEqual([3, 2]);
  });

  it('matches a sort-based reference on random rows with ties, NaN and exclusions', () => {
    const rand = uniformDraws(3);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * 60);
      const scores = new Float32Array(n).map(() => (rand() < 0.03 ? NaN : Math.floor(rand() * 6) / 5));
      const k = 1 + Math.floor(rand() * 12);
      const ignoreIndex0 = rand() < 0.7;
      const exclude = Array.from({ length: Math.floor(rand() * 8) }, () => Math.floor(rand() * n));
      expect(Array.from(topKIndices(scores, k, { exclude, ignoreIndex0 }))).toEqual(
        reference(scores, k, exclude, ignoreIndex0),
      );
    }
  });
});

describe('topKIndicesBlock', () => {
  it('equals row-by-row topKIndices with block-local exclusion callbacks', () => {
    const rand = uniformDraws(11);
    const rows = 37;
    const items = 50;
    const block = new Float32Array(rows * items).map(() => Math.floor(rand() * 10) / 10);
    const hist = Array.from({ length: rows }, () => [0, 1 + Math.floor(rand() * (items - 1))]);
    const got = topKIndicesBlock(block, items, 5, { exclude: (r) => hist[r] });
    expect(got.length).toBe(rows);
    got.forEach((ids, r) =>
      expect(ids).toEqual(topKIndices(block.subarray(r * items, (r + 1) * items), 5, { exclude: hist[r] })),
    );
    expect(() => topKIndicesBlock(block.subarray(1), items, 5)).toThrow(RangeError);
  });
});
