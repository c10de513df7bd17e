import { describe, expect, it } from 'vitest';
import { inversePropensityWeights } from './propensity-weights';

describe('inversePropensityWeights', () => {
  it('matches a hand computation with clipping and count-weighted rescaling', () => {
    // counts [0 (padding), 1, 3, 6], smoothing 1 -> [1, 2, 4, 7], total 14, q = [1/14, 2/14, 4/14, 7/14]
    // w = 1/q = [14, 7, 3.5, 2]; count-weighted mean = (0·14 + 1·7 + 3·3.5 + 6·2) / 10 = 29.5 / 10 = 2.95
    // clip 2 -> cap 5.9: w = [5.9, 5.9, 3.5, 2]; mean = (5.9 + 10.5 + 12) / 10 = 2.84
    // w / 2.84 = [2.077465, 2.077465, 1.232394, 0.704225]
    const w = inversePropensityWeights([0, 1, 3, 6], { clip: 2, smoothing: 1 });
    expect(Array.from(w)).toEqual([2.077465, 2.077465, 1.232394, 0.704225].map((x) => expect.closeTo(x, 5)));
    // count-weighted mean is 1: (1·2.077465 + 3·1.232394 + 6·0.704225) / 10 = 1
    expect((w[1] + 3 * w[2] + 6 * w[3]) / 10).toBeCloseTo(1, 6);
  });

  it('defaults (clip 10, smoothing 1) leave moderate weights unclipped', () => {
    // same counts: cap 29.5 > 14 so no clipping; w / 2.95 = [4.745763, 2.372881, 1.186441, 0.677966]
    const w = inversePropensityWeights([0, 1, 3, 6]);
    expect(Array.from(w)).toEqual([4.745763, 2.372881, 1.186441, 0.677966].map((x) => expect.closeTo(x, 5)));
  });

  it('rejects invalid counts', () => {
    expect(() => inversePropensityWeights([0, 0])).toThrow(/positive sum/);
    expect(() => inversePropensityWeights([1, -1])).toThrow(/counts\[1\]/);
    expect(() => inversePropensityWeights([1, 2], { clip: 0 })).toThrow(/clip/);
  });
});
