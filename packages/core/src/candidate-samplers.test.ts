import { describe, expect, it } from 'vitest';
import { degreeSampler, logUniformSampler, popularitySampler } from './candidate-samplers';
import { Rng } from '@clrec/spec';

describe('candidate samplers', () => {
  it('popularitySampler: p ∝ count^power, padding id 0 excluded', () => {
    // counts [50 (padding), 1, 4, 9]; power 1 -> [0, 1, 4, 9] / 14
    const s = popularitySampler([50, 1, 4, 9]);
    expect([0, 1, 2, 3].map((i) => s.prob(i))).toEqual([0, 1 / 14, 4 / 14, 9 / 14].map((x) => expect.closeTo(x, 12)));
    // power 0.5 -> [0, 1, 2, 3] / 6
    const h = popularitySampler([50, 1, 4, 9], 0.5);
    expect([0, 1, 2, 3].map((i) => h.prob(i))).toEqual([0, 1 / 6, 2 / 6, 3 / 6].map((x) => expect.closeTo(x, 12)));
    // power 0: uniform over ids 1..3, including a count-0 item
    const u = popularitySampler([5, 0, 4, 9], 0);
    expect([0, 1, 2, 3].map((i) => u.prob(i))).toEqual([0, 1 / 3, 1 / 3, 1 / 3].map((x) => expect.closeTo(x, 12)));
    expect(s.sample(new Rng(3), 10_000).includes(0)).toBe(false);
  });

  it('degreeSampler: p ∝ degree^0.75', () => {
    // counts [0, 1, 16, 81]: 1^.75 = 1, 16^.75 = 8, 81^.75 = 27, total 36
    const s = degreeSampler([0, 1, 16, 81]);
    expect([1, 2, 3].map((i) => s.prob(i))).toEqual([1 / 36, 8 / 36, 27 / 36].map((x) => expect.closeTo(x, 12)));
  });

  it('logUniformSampler: P(rank r) = log((r+2)/(r+1)) / log(R+1) by descending count, ties by id', () => {
    // counts [5 (padding), 3, 10, 3]: R = 3 items; ranks: id 2 -> 0, id 1 -> 1 (tie with id 3, lower id first), id 3 -> 2
    // log 4 = 1.386294; P(0) = log 2 / log 4 = 0.5; P(1) = log 1.5 / log 4 = .405465 / 1.386294 = 0.292481;
    // P(2) = log(4/3) / log 4 = .287682 / 1.386294 = 0.207519; sum = 1
    const s = logUniformSampler([5, 3, 10, 3]);
    expect([0, 1, 2, 3].map((i) => s.prob(i))).toEqual([0, 0.292481, 0.5, 0.207519].map((x) => expect.closeTo(x, 6)));
    expect(Array.from(s.logProb([2]))).toEqual([expect.closeTo(Math.log(0.5), 6)]);
    const draws = s.sample(new Rng(8), 100_000);
    const f = [0, 0, 0, 0];
    for (const id of draws) f[id] += 1e-5;
    expect(f[0]).toBe(0);
    expect(Math.abs(f[2] - 0.5)).toBeLessThan(0.006);
    expect(Math.abs(f[3] - 0.207519)).toBeLessThan(0.006);
  });

  it('reject invalid inputs', () => {
    expect(() => popularitySampler([0, 0, 0])).toThrow(/all weights are zero/);
    expect(() => popularitySampler([0, 1], -1)).toThrow(/power/);
    expect(() => degreeSampler([0, -2])).toThrow(/counts\[1\]/);
    expect(() => logUniformSampler([3])).toThrow(/at least one non-padding item/);
  });
});
