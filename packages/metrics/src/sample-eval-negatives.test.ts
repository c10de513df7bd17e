import { describe, expect, it } from 'vitest';
import { sampleEvalNegatives } from './sample-eval-negatives';
import { Rng } from '@clrec/spec';

/** Uniform draws on [0, 1) from a seeded `Rng` (one 32-bit word each). */
const uniformDraws = (seed: number): (() => number) => {
  const rng = new Rng(seed);
  return () => rng.uniform32();
};

/** Fraction of users whose negatives contain each item id (index = id). */
function inclusionFreq(negatives: Int32Array[], numItems: number): number[] {
  const f = new Array<number>(numItems + 1).fill(0);
  for (const list of negatives) for (const id of list) f[id]++;
  return f.map((c) => c / negatives.length);
}

const noExclusion = (n: number): { exclude: number[] }[] => Array.from({ length: n }, () => ({ exclude: [] }));

describe('sampleEvalNegatives', () => {
  it('draws the same negatives for a seed as before the RNG moved to @clrec/spec (hand-recorded)', () => {
    // Recorded with the former seededRandom of this package; Rng.uniform32 must reproduce them, or
    // saved negatives files would no longer match a re-draw for their seed.
    const itemCounts = Array.from({ length: 31 }, (_, i) => (i === 0 ? 0 : (i * 7) % 11));
    const users = [{ exclude: [1, 2, 3] }, { exclude: [] }, { exclude: [5, 10, 15, 20] }];
    const draw = (mode: 'popularity' | 'uniform') =>
      sampleEvalNegatives({ numItems: 30, users, count: 5, mode, itemCounts, seed: 7 }).negatives.map((a) => Array.from(a));
    expect(draw('popularity')).toEqual([[4, 14, 15, 21, 29], [2, 16, 20, 25, 26], [6, 7, 16, 17, 26]]);
    expect(draw('uniform')).toEqual([[5, 14, 15, 22, 30], [2, 17, 21, 26, 27], [6, 8, 17, 18, 27]]);
    // a user excluding most items: the exact weighted-key path
    const heavy = sampleEvalNegatives({ numItems: 30, users: [{ exclude: Array.from({ length: 24 }, (_, i) => i + 1) }], count: 4, itemCounts, seed: 3 });
    expect(Array.from(heavy.negatives[0])).toEqual([25, 27, 28, 29]);
  });

  // 200 items, counts with some zeros; 300 users with random histories (padding 0 and repeats included)
  const rand = uniformDraws(1);
  const numItems = 200;
  const itemCounts = Array.from({ length: numItems + 1 }, (_, i) => (i === 0 ? 0 : rand() < 0.1 ? 0 : Math.floor(rand() * 50)));
  const users = Array.from({ length: 300 }, () => ({
    exclude: [0, ...Array.from({ length: Math.floor(rand() * 40) }, () => 1 + Math.floor(rand() * numItems))],
  }));

  it('draws distinct, sorted ids, never 0, never the user items, never zero-count items', () => {
    const res = sampleEvalNegatives({ numItems, users, count: 20, itemCounts, seed: 7 });
    expect(res).toMatchObject({ mode: 'popularity', count: 20, seed: 7, numItems, shortUsers: [] });
    expect(res.negatives.length).toBe(users.length);
    res.negatives.forEach((neg, u) => {
      const own = new Set(users[u].exclude);
      expect(neg.length).toBe(20);
      expect(new Set(neg).size).toBe(20);
      for (let j = 0; j < neg.length; j++) {
        expect(neg[j]).toBeGreaterThanOrEqual(1);
        expect(neg[j]).toBeLessThanOrEqual(numItems);
        expect(own.has(neg[j])).toBe(false);
        expect(itemCounts[neg[j]]).toBeGreaterThan(0);
        if (j > 0) expect(neg[j]).toBeGreaterThan(neg[j - 1]);
      }
    });
  });

  it('is reproducible for a seed, differs for another, and a user does not depend on the others', () => {
    const a = sampleEvalNegatives({ numItems, users, count: 20, itemCounts, seed: 7 });
    const b = sampleEvalNegatives({ numItems, users, count: 20, itemCounts, seed: 7 });
    const c = sampleEvalNegatives({ numItems, users, count: 20, itemCounts, seed: 8 });
    expect(b.negatives).toEqual(a.negatives);
    expect(c.negatives).not.toEqual(a.negatives);
    // user 0 keeps its negatives when user 1 is replaced
    const d = sampleEvalNegatives({ numItems, users: [users[0], users[5]], count: 20, itemCounts, seed: 7 });
    expect(d.negatives[0]).toEqual(a.negatives[0]);
  });

  it('draws one negative with probability ∝ count (fixed seed, 20k users)', () => {
    // counts 1..10 for items 1..10, total 55: P(i) = i / 55, e.g. P(10) = 0.1818, P(1) = 0.0182
    // sd of a frequency <= sqrt(0.18 · 0.82 / 20000) ≈ 0.0027; tolerance 0.012 ≈ 4.4 sd
    const counts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const res = sampleEvalNegatives({ numItems: 10, users: noExclusion(20_000), count: 1, itemCounts: counts, seed: 3 });
    const f = inclusionFreq(res.negatives, 10);
    for (let i = 1; i <= 10; i++) expect(Math.abs(f[i] - i / 55)).toBeLessThan(0.012);
  });

  it('samples without replacement by successive ∝-weight draws (hand inclusion probabilities)', () => {
    // weights 1, 1, 2 (items 1, 2, 3), draw 2:
    // P(3 in) = P(first 3) + P(first not 3) · P(3 | rest) = 2/4 + 2/4 · 2/3 = 5/6 = 0.8333
    // P(1 in) = P(first 1) + P(first 2) · 1/3 + P(first 3) · 1/2 = 1/4 + 1/12 + 1/4 = 7/12 = 0.5833
    // check: 5/6 + 2 · 7/12 = 2 draws. sd ≈ sqrt(0.24 / 20000) ≈ 0.0035; tolerance 0.015
    const res = sampleEvalNegatives({ numItems: 3, users: noExclusion(20_000), count: 2, itemCounts: [0, 1, 1, 2], seed: 4 });
    const f = inclusionFreq(res.negatives, 3);
    expect(Math.abs(f[1] - 7 / 12)).toBeLessThan(0.015);
    expect(Math.abs(f[2] - 7 / 12)).toBeLessThan(0.015);
    expect(Math.abs(f[3] - 5 / 6)).toBeLessThan(0.015);
  });

  it('gives the same probabilities when the user items hold most of the mass (exact path)', () => {
    // item 1 (weight 1000 of 1004) is the user's own: rejection would fail ~99.6% of the time,
    // so the exact weighted-key path runs. Remaining weights 1, 1, 2 as above: 7/12, 7/12, 5/6.
    const users2 = Array.from({ length: 20_000 }, () => ({ exclude: [1] }));
    const res = sampleEvalNegatives({ numItems: 4, users: users2, count: 2, itemCounts: [0, 1000, 1, 1, 2], seed: 5 });
    const f = inclusionFreq(res.negatives, 4);
    expect(f[1]).toBe(0);
    expect(Math.abs(f[2] - 7 / 12)).toBeLessThan(0.015);
    expect(Math.abs(f[3] - 7 / 12)).toBeLessThan(0.015);
    expect(Math.abs(f[4] - 5 / 6)).toBeLessThan(0.015);
  });

  it('draws uniformly in uniform mode (itemCounts not needed)', () => {
    // 10 items, user 0..: exclude item 10 -> 9 eligible, P = 1/9 = 0.1111 each
    const users3 = Array.from({ length: 18_000 }, () => ({ exclude: [10] }));
    const res = sampleEvalNegatives({ numItems: 10, users: users3, count: 1, mode: 'uniform', seed: 6 });
    const f = inclusionFreq(res.negatives, 10);
    expect(f[10]).toBe(0);
    for (let i = 1; i <= 9; i++) expect(Math.abs(f[i] - 1 / 9)).toBeLessThan(0.012);
  });

  it('takes all eligible items and records users with fewer than count', () => {
    // items 1..6, item 6 never clicked (not eligible); user 0 excludes 1, 2 -> eligible {3, 4, 5}
    const counts = [0, 5, 5, 5, 5, 5, 0];
    const res = sampleEvalNegatives({
      numItems: 6, users: [{ exclude: [1, 2] }, { exclude: [] }], count: 4, itemCounts: counts, seed: 1,
    });
    expect(Array.from(res.negatives[0])).toEqual([3, 4, 5]);
    expect(res.negatives[1].length).toBe(4);
    expect(res.shortUsers).toEqual([0]);
  });

  it('rejects invalid options', () => {
    const base = { numItems: 3, users: [{ exclude: [] }], itemCounts: [0, 1, 1, 1], seed: 1, count: 1 };
    expect(() => sampleEvalNegatives({ ...base, itemCounts: undefined })).toThrow(/itemCounts/);
    expect(() => sampleEvalNegatives({ ...base, itemCounts: [0, 1, 1] })).toThrow(/length/);
    expect(() => sampleEvalNegatives({ ...base, itemCounts: [0, 1, -1, 1] })).toThrow(RangeError);
    expect(() => sampleEvalNegatives({ ...base, users: [{ exclude: [4] }] })).toThrow(/exclude/);
    expect(() => sampleEvalNegatives({ ...base, seed: 1.5 })).toThrow(/seed/);
    expect(() => sampleEvalNegatives({ ...base, count: 0 })).toThrow(/count/);
  });
});
