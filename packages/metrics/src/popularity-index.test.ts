import { describe, expect, it } from 'vitest';
import { normalizePopularityIndex, popularityIndex } from './popularity-index';

describe('popularityIndex', () => {
  // pData over ids 0..4 = [0, 6, 3, 1, 0], total 10 -> p_data = [0, 0.6, 0.3, 0.1, 0]
  const pData = [0, 6, 3, 1, 0];

  it('is Σ p_data(y) · share of y among all slots (3-user hand example)', () => {
    // A: [1, 2], [1, 3], [1, 2]: 6 slots, item 1 ×3 (1/2), item 2 ×2 (1/3), item 3 ×1 (1/6)
    // E_A = 0.6 · 1/2 + 0.3 · 1/3 + 0.1 · 1/6 = 0.3 + 0.1 + 0.0166667 = 0.4166667
    const a = popularityIndex([new Int32Array([1, 2]), new Int32Array([1, 3]), new Int32Array([1, 2])], pData);
    expect(a).toBeCloseTo(0.4166666667, 9);
    // B: [3, 4], [2, 4], [3, 4]: item 3 ×2 (1/3), item 4 ×3 (1/2), item 2 ×1 (1/6)
    // E_B = 0.1 · 1/3 + 0 · 1/2 + 0.3 · 1/6 = 0.0333333 + 0 + 0.05 = 0.0833333
    const b = popularityIndex([[3, 4], [2, 4], [3, 4]], pData);
    expect(b).toBeCloseTo(0.0833333333, 9);
    // normalised by the max (A): A = 1, B = 0.0833333 / 0.4166667 = 0.2
    const norm = normalizePopularityIndex({ A: a, B: b });
    expect(Object.keys(norm)).toEqual(['A', 'B']);
    expect(norm.A).toBe(1);
    expect(norm.B).toBeCloseTo(0.2, 12);
  });

  it('is scale-free in pData, NaN without slots, and validates', () => {
    // pData ×10 gives the same distribution
    expect(popularityIndex([[1, 2]], pData.map((v) => v * 10))).toBeCloseTo(popularityIndex([[1, 2]], pData), 15);
    expect(popularityIndex([[], []], pData)).toBeNaN();
    expect(() => popularityIndex([[5]], pData)).toThrow(RangeError);
    expect(() => popularityIndex([[1]], [0, 0])).toThrow(/sums to 0/);
    expect(() => popularityIndex([[1]], [0, -1])).toThrow(RangeError);
    expect(() => normalizePopularityIndex({ A: 0 })).toThrow(RangeError);
    expect(() => normalizePopularityIndex({ A: NaN })).toThrow(RangeError);
  });
});
