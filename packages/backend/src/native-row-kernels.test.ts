import { describe, expect, it } from 'vitest';
import { nativeStatus } from './native-addon';
import { CORE_ROW_KERNELS, installNativeRowKernels } from './native-status';

const native = nativeStatus();

describe('native lazy-Adam row update', () => {
  it.runIf(native.addon !== null)('matches a hand computation and touches only the given rows', () => {
    const addon = native.addon!;
    // table 3 × 2 stored with 1 value of padding in front: rows at offsets 1, 3, 5
    const p = Float32Array.from([99, 1, 2, 3, 4, 5, 6]);
    const m = new Float32Array(6);
    const v = new Float32Array(6);
    // rows 2 (at 5) and 0 (at 1); t = 1, lr 0.1: lrT = 0.1·√0.001/0.1 = 0.0316228; a constant-sign
    // first step moves each component with g ≠ 0 by ≈ lr: row 2 g = [0.5, −2] → [4.9, 6.1]; row 0 g = [1, 0] → [0.9, 2]
    addon.adamRows(p, Int32Array.from([5, 1]), Int32Array.from([2, 0]), Float32Array.from([0.5, -2, 1, 0]), m, v, 2, 0.0316227766, 0.9, 0.999, 1e-8);
    const expected = [99, 0.9, 2, 3, 4, 4.9, 6.1];
    p.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 5));
    m.forEach((x, i) => expect(x).toBeCloseTo([0.1, 0, 0, 0, 0.05, -0.2][i], 7));
    v.forEach((x, i) => expect(x).toBeCloseTo([0.001, 0, 0, 0, 0.00025, 0.004][i], 7));
    expect(() => addon.adamRows(p, Int32Array.from([6]), Int32Array.from([0]), Float32Array.from([1, 1]), m, v, 2, 0.1, 0.9, 0.999, 1e-8))
      .toThrow(/outside its array/);
    expect(() => addon.adamRows(p, Int32Array.from([1]), Int32Array.from([0]), new Float32Array(1), m, v, 2, 0.1, 0.9, 0.999, 1e-8))
      .toThrow(/inconsistent sizes/);
  });

  it.runIf(native.addon !== null)('scatter-adds rows (addRows) and rejects rows outside dst', () => {
    const addon = native.addon!;
    const dst = new Float32Array(6); // 3 rows of 2
    // src rows [1, 2], [3, 4], [5, 6] into rows 2, 0, 2: row 2 = [6, 8], row 0 = [3, 4]
    addon.addRows(dst, Int32Array.from([4, 0, 4]), Float32Array.from([1, 2, 3, 4, 5, 6]), 2);
    expect(Array.from(dst)).toEqual([3, 4, 0, 0, 6, 8]);
    expect(() => addon.addRows(dst, Int32Array.from([5]), Float32Array.from([1, 2]), 2)).toThrow(/row outside dst/);
    expect(() => addon.addRows(dst, Int32Array.from([0]), Float32Array.from([1]), 2)).toThrow(/at.length rows/);
  });

  it('is installed for @clrec/core exactly when the addon is loaded', () => {
    const installed = installNativeRowKernels();
    expect(installed).toBe(native.addon !== null);
    const hook = (globalThis as Record<symbol, { adamRows?: unknown } | undefined>)[CORE_ROW_KERNELS];
    if (installed) {
      expect(typeof hook?.adamRows).toBe('function');
      expect(typeof (hook as { addRows?: unknown } | undefined)?.addRows).toBe('function');
    }
  });
});
