import { describe, expect, it } from 'vitest';
import { recallAtK } from './recall';
import type { SearchResult } from './search-result';

const res = (ids: number[][]): SearchResult => ({
  queries: ids.length, k: ids[0].length, ids: Int32Array.from(ids.flat()), scores: new Float32Array(ids.flat().length),
});

describe('recallAtK', () => {
  it('averages per-query overlap with the exact top-K', () => {
    const exact = res([[0, 1, 2], [3, 4, 5]]);
    const approx = res([[2, 9, 0], [5, 4, 3]]);
    // query 0: {2, 0} of {0, 1, 2} = 2/3; query 1: all 3 = 1 -> (0.6667 + 1) / 2 = 0.8333
    expect(recallAtK(approx, exact)).toBeCloseTo(5 / 6, 12);
    // at K = 1: query 0 exact {0} not in approx [2] -> 0; query 1 {3} vs [5] -> 0
    expect(recallAtK(approx, exact, 1)).toBe(0);
  });

  it('counts unfilled approximate slots (-1) as misses', () => {
    expect(recallAtK(res([[1, -1]]), res([[1, 2]]))).toBe(0.5);
  });

  it('rejects mismatched results', () => {
    expect(() => recallAtK(res([[1, 2]]), res([[1, 2], [3, 4]]))).toThrow(/1 queries but exact has 2/);
    expect(() => recallAtK(res([[1]]), res([[1, 2]]))).toThrow(/k = 2 must be an integer in \[1, min/);
  });
});
