import { describe, expect, it } from 'vitest';
import { recallAgainstExact } from './recall-against-exact';
import type { VectorSearchResult } from './vector-search-result';

const res = (ids: number[][]): VectorSearchResult => ({
  queries: ids.length, k: ids[0].length, ids: Int32Array.from(ids.flat()), scores: new Float32Array(ids.flat().length),
});

describe('recallAgainstExact', () => {
  it('averages per-query overlap with the exact top-K (hand-computed)', () => {
    const exact = res([[0, 1, 2], [3, 4, 5]]);
    const approx = res([[2, 9, 0], [5, 4, 3]]);
    // query 0: {2, 0} of {0, 1, 2} = 2/3; query 1: all 3 = 1 -> (2/3 + 1) / 2 = 5/6
    expect(recallAgainstExact(approx, exact)).toBeCloseTo(5 / 6, 12);
    // at K = 1: query 0 exact {0} vs approx [2] -> 0; query 1 {3} vs [5] -> 0
    expect(recallAgainstExact(approx, exact, 1)).toBe(0);
    // at K = 2: query 0 {0, 1} vs [2, 9] -> 0; query 1 {3, 4} vs [5, 4] -> 1/2 -> mean 1/4
    expect(recallAgainstExact(approx, exact, 2)).toBe(0.25);
  });

  it('takes bare id arrays (no scores) and a wider approximate result', () => {
    const exact = { queries: 1, k: 2, ids: Int32Array.from([7, 8]) };
    const approx = { queries: 1, k: 4, ids: Int32Array.from([1, 8, 7, 3]) };
    // K = 2: the approximate top-2 [1, 8] holds 8 of {7, 8} -> 1/2
    expect(recallAgainstExact(approx, exact)).toBe(0.5);
  });

  it('counts unfilled approximate slots (-1) as misses and ignores unfilled exact ones', () => {
    expect(recallAgainstExact(res([[1, -1]]), res([[1, 2]]))).toBe(0.5);
    expect(recallAgainstExact(res([[1, 5]]), res([[1, -1]]))).toBe(1);
  });

  it('is NaN for zero queries', () => {
    const empty = { queries: 0, k: 3, ids: new Int32Array(0) };
    expect(recallAgainstExact(empty, empty)).toBeNaN();
  });

  it('rejects mismatched results', () => {
    expect(() => recallAgainstExact(res([[1, 2]]), res([[1, 2], [3, 4]]))).toThrow(/1 queries but exact has 2/);
    expect(() => recallAgainstExact(res([[1]]), res([[1, 2]]))).toThrow(/k = 2 must be an integer in \[1, min/);
    expect(() => recallAgainstExact(res([[1]]), res([[-1]]))).toThrow(/exact result of query 0 is empty/);
  });
});
