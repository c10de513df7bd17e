import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    const sb = Array.from({ length: 5 }, () => b.nextUint32());
    const sc = Array.from({ length: 5 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });
  it('resumes the exact stream from a saved state, including the Box–Muller spare', () => {
    const a = new Rng(7);
    a.normal();
    const st = JSON.parse(JSON.stringify(a.getState()));
    const b = Rng.fromState(st);
    expect([a.normal(), a.float(), a.int(10)]).toEqual([b.normal(), b.float(), b.int(10)]);
  });
  it('float is in [0,1) with mean ~0.5; normal has mean ~0 and variance ~1', () => {
    const r = new Rng(1);
    let s = 0, sn = 0, sn2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const f = r.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      s += f;
      const z = r.normal();
      sn += z; sn2 += z * z;
    }
    expect(s / n).toBeCloseTo(0.5, 1);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeCloseTo(1, 1);
  });
  it('shuffle is a permutation and categorical follows weights', () => {
    const r = new Rng(3);
    const a = r.shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r.categorical([1, 2, 0])]++;
    expect(counts[2]).toBe(0);
    expect(counts[1] / counts[0]).toBeGreaterThan(1.8);
    expect(counts[1] / counts[0]).toBeLessThan(2.2);
    expect(() => r.int(0)).toThrow(/n must be >= 1/);
  });
});
