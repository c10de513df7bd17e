import { describe, expect, it } from 'vitest';
import { simulate } from './simulator';

const SMALL = { numUsers: 800, numItems: 600, numCategories: 12, meanClicks: 15 };

describe('simulate', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = simulate({ ...SMALL, seed: 7 });
    const b = simulate({ ...SMALL, seed: 7 });
    const c = simulate({ ...SMALL, seed: 8 });
    expect(b.dataset.sequences).toEqual(a.dataset.sequences);
    expect(b.dataset.timestamps).toEqual(a.dataset.timestamps);
    expect(b.truth.exposures).toEqual(a.truth.exposures);
    expect(b.truth.userFactors).toEqual(a.truth.userFactors);
    expect(c.dataset.sequences).not.toEqual(a.dataset.sequences);
  });

  it('produces a well-formed dataset with the default size quickly', () => {
    const t0 = performance.now();
    const { dataset: ds, truth } = simulate();
    expect(performance.now() - t0).toBeLessThan(20_000); // ~1 s when quiet; generous so a loaded machine does not fail it
    expect([ds.name, ds.numUsers, ds.numItems]).toEqual(['sim', 6000, 3000]);
    expect(ds.userIds[0]).toBe('1');
    expect(ds.itemIds).toHaveLength(3001);
    expect(ds.itemIds[0]).toBe('');
    expect(ds.sequences).toHaveLength(6000);
    const lens = ds.sequences.map((s) => s.length);
    expect(Math.min(...lens)).toBeGreaterThanOrEqual(5);
    const mean = lens.reduce((a, b) => a + b, 0) / lens.length;
    expect(mean).toBeGreaterThan(20);
    expect(mean).toBeLessThan(30);
    expect(ds.report.interactions).toBe(lens.reduce((a, b) => a + b, 0));
    for (let u = 0; u < ds.numUsers; u++) {
      const s = ds.sequences[u];
      const t = ds.timestamps![u];
      expect(t.length).toBe(s.length);
      expect(new Set(s).size).toBe(s.length); // no repeated clicks
      for (let k = 0; k < s.length; k++) {
        if (s[k] < 1 || s[k] > 3000 || (k > 0 && t[k] < t[k - 1])) throw new Error(`bad user ${u} at ${k}`);
      }
    }
    expect(ds.timestamps![0][0]).toBeGreaterThanOrEqual(1_600_000_000);
    const cat = ds.itemFeatures[0];
    expect([cat.name, cat.cardinality, cat.values.length, cat.values[0]]).toEqual(['category', 31, 3001, 0]);
    expect(Array.from(cat.values.subarray(1)).every((v, k) => v === truth.itemCategory[k + 1] + 1 && v >= 1 && v <= 30)).toBe(true);
    expect(truth.userFactors).toHaveLength(6000 * 16);
    expect(truth.itemFactors).toHaveLength(3001 * 16);
    expect(Array.from(truth.itemFactors.subarray(0, 16)).every((v) => v === 0)).toBe(true);
    expect(truth.itemCategory[0]).toBe(-1);
    expect(truth.itemPopularity.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(truth.exposures.reduce((a, b) => a + b, 0) % 20).toBe(0);
  });

  it('exposes popular items far more often, while true preferences ignore popularity', () => {
    const { dataset: ds, truth } = simulate({ ...SMALL, numItems: 1000 });
    const items = Array.from({ length: ds.numItems }, (_, k) => k + 1);
    const top = new Set([...items].sort((a, b) => truth.itemPopularity[b] - truth.itemPopularity[a]).slice(0, ds.numItems / 10));
    let inTop = 0;
    let all = 0;
    for (const i of items) {
      all += truth.exposures[i];
      if (top.has(i)) inTop += truth.exposures[i];
    }
    expect(inTop / all).toBeGreaterThan(0.4); // vs 0.1 for unbiased exposure
    let prefTop = 0;
    let prefAll = 0;
    for (let u = 0; u < ds.numUsers; u++) {
      for (const i of truth.trueTopK(u, 10)) {
        prefAll++;
        if (top.has(i)) prefTop++;
      }
    }
    expect(prefTop / prefAll).toBeLessThan(0.16); // ~0.1: preference is independent of popularity
  });

  it('has sequential structure: consecutive clicks share a category far above chance', () => {
    const { dataset: ds } = simulate(SMALL);
    const cat = ds.itemFeatures[0].values;
    let same = 0;
    let pairs = 0;
    for (const s of ds.sequences) for (let k = 1; k < s.length; k++) { pairs++; if (cat[s[k]] === cat[s[k - 1]]) same++; }
    expect(same / pairs).toBeGreaterThan(3 / 12);
  });

  it('ranks trueTopK by the factor dot product', () => {
    const { truth } = simulate({ ...SMALL, numUsers: 5, latentDim: 4 });
    const top = truth.trueTopK(3, 5);
    expect(top).toHaveLength(5);
    const dot = (i: number) => [0, 1, 2, 3].reduce((a, k) => a + truth.userFactors[3 * 4 + k] * truth.itemFactors[i * 4 + k], 0);
    for (let k = 1; k < 5; k++) expect(dot(top[k - 1])).toBeGreaterThanOrEqual(dot(top[k]));
    let best = 1;
    for (let i = 2; i <= 600; i++) if (dot(i) > dot(best)) best = i;
    expect(top[0]).toBe(best);
    expect(() => truth.trueTopK(5, 1)).toThrow(/user must be/);
  });

  it('validates options', () => {
    expect(() => simulate({ numUsers: 0 })).toThrow(/numUsers must be an integer >= 1/);
    expect(() => simulate({ personalization: 2 })).toThrow(/personalization must be in \[0, 1\]/);
    expect(() => simulate({ numItems: 10, numCategories: 20 })).toThrow(/numCategories/);
  });

  it('still yields at least 5 clicks per user under extreme settings', () => {
    const { dataset: ds } = simulate({ numUsers: 20, numItems: 8, numCategories: 2, meanClicks: 50, exposureSize: 2 });
    expect(ds.sequences.every((s) => s.length >= 5 && s.length <= 8)).toBe(true);
  });
});
