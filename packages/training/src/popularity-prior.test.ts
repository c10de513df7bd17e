import { describe, expect, it } from 'vitest';
import { popularityPrior } from './popularity-prior';

describe('popularityPrior', () => {
  it('is α·τ·log((count + 1) / (total + numItems)) per item, 0 for the padding id', () => {
    // counts of items 1..3: 5, 1, 0; total 6, numItems 3 -> q = 6/9, 2/9, 1/9
    // α 1, τ 0.1: 0.1·log(6/9) = -0.040547, 0.1·log(2/9) = -0.150408, 0.1·log(1/9) = -0.219722
    const p = popularityPrior([0, 5, 1, 0], 1, 0.1)!;
    expect(p[0]).toBe(0);
    [-0.040547, -0.150408, -0.219722].forEach((v, i) => expect(p[i + 1]).toBeCloseTo(v, 5));
    // α 0.5 halves every offset; the order of items never changes with α > 0
    const half = popularityPrior([0, 5, 1, 0], 0.5, 0.1)!;
    [1, 2, 3].forEach((j) => expect(half[j]).toBeCloseTo(p[j] / 2, 6));
  });

  it('is null at α 0 and rejects bad input', () => {
    expect(popularityPrior([0, 1, 2], 0, 0.07)).toBeNull();
    expect(() => popularityPrior([0, 1], Number.NaN, 0.07)).toThrow(/alpha must be a finite number/);
    expect(() => popularityPrior([0, 1], 1, 0)).toThrow(/temperature must be > 0/);
    expect(() => popularityPrior([0, -1], 1, 1)).toThrow(/item 1 has count -1/);
  });
});
