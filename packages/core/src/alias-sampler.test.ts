import { describe, expect, it } from 'vitest';
import { AliasSampler } from './alias-sampler';
import { Rng } from '@clrec/spec';

describe('AliasSampler', () => {
  it('has exact probabilities that sum to 1', () => {
    // weights [0, 1, 2, 3, 4], total 10 -> p = [0, .1, .2, .3, .4]
    const s = new AliasSampler([0, 1, 2, 3, 4]);
    expect(s.size).toBe(5);
    const p = [0, 1, 2, 3, 4].map((i) => s.prob(i));
    expect(p).toEqual([0, 0.1, 0.2, 0.3, 0.4].map((x) => expect.closeTo(x, 12)));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // log .2 = -1.609438, log .4 = -0.916291, log 0 = -Infinity
    expect(Array.from(s.logProb([2, 4, 0]))).toEqual([expect.closeTo(-1.609438, 5), expect.closeTo(-0.916291, 5), -Infinity]);
    expect(() => s.prob(5)).toThrow(/out of \[0, 5\)/);
  });

  it('draws with the right frequencies and never a zero-weight id (fixed seed, 200k draws)', () => {
    const weights = [0, 1, 2, 3, 4, 0, 10];
    const s = new AliasSampler(weights);
    const n = 200_000;
    const draws = s.sample(new Rng(99), n);
    expect(draws.length).toBe(n);
    const freq = new Float64Array(weights.length);
    for (const id of draws) freq[id] += 1 / n;
    // p = w / 20; the standard error of a frequency is sqrt(p(1−p)/n) <= 0.0012, so 0.005 is > 4 sigma
    for (let i = 0; i < weights.length; i++) expect(Math.abs(freq[i] - weights[i] / 20)).toBeLessThan(0.005);
    expect(freq[0]).toBe(0);
    expect(freq[5]).toBe(0);
  });

  it('is deterministic for a seed', () => {
    const s = new AliasSampler([3, 1, 4, 1, 5]);
    expect(Array.from(s.sample(new Rng(1), 20))).toEqual(Array.from(s.sample(new Rng(1), 20)));
  });

  it('handles a single id and a large uneven table', () => {
    expect(Array.from(new AliasSampler([2]).sample(new Rng(0), 3))).toEqual([0, 0, 0]);
    const w = Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? 0 : 1 / (i + 1)));
    const s = new AliasSampler(w);
    let total = 0;
    for (let i = 0; i < 1000; i++) total += s.prob(i);
    expect(total).toBeCloseTo(1, 10);
    expect(s.sample(new Rng(5), 50_000).filter((id) => id % 7 === 0).length).toBe(0);
  });

  it('rejects all-zero, negative and NaN weights', () => {
    expect(() => new AliasSampler([0, 0])).toThrow(/all weights are zero/);
    expect(() => new AliasSampler([1, -1])).toThrow(/weight 1 is -1/);
    expect(() => new AliasSampler([1, NaN])).toThrow(/weight 1 is NaN/);
    expect(() => new AliasSampler([])).toThrow(/non-empty/);
    expect(() => new AliasSampler([1]).sample(new Rng(0), -1)).toThrow(/count/);
  });
});
