import { describe, expect, it } from 'vitest';
import { deriveSeed, seededRandom } from './seeded-random';

describe('seededRandom', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xa = Array.from({ length: 20 }, a);
    expect(Array.from({ length: 20 }, b)).toEqual(xa);
    expect(Array.from({ length: 20 }, c)).not.toEqual(xa);
  });

  it('draws in [0, 1) with mean ≈ 1/2 and variance ≈ 1/12', () => {
    const r = seededRandom(7);
    let sum = 0;
    let sq = 0;
    let min = Infinity;
    let max = -Infinity;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = r();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
      sq += x * x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // sd of the mean = sqrt(1/12 / 1e5) ≈ 0.0009; 0.005 is > 5 sd
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('derives distinct, reproducible per-stream seeds', () => {
    const seeds = new Set(Array.from({ length: 10_000 }, (_, u) => deriveSeed(1, u)));
    expect(seeds.size).toBe(10_000);
    expect(deriveSeed(1, 5)).toBe(deriveSeed(1, 5));
    expect(deriveSeed(1, 5)).not.toBe(deriveSeed(2, 5));
    expect(Number.isInteger(deriveSeed(1, 5)) && deriveSeed(1, 5) >= 0 && deriveSeed(1, 5) < 2 ** 32).toBe(true);
  });
});
