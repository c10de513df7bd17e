import { describe, expect, it } from 'vitest';
import { RowGradientAccumulator } from './sparse-rows';

describe('RowGradientAccumulator', () => {
  it('sums rows by id in first-touch order and resets between steps', () => {
    const acc = new RowGradientAccumulator(6, 2);
    // ids [4, 1, 4] with rows [1, 2], [3, 4], [5, 6] → row 4 = [6, 8], row 1 = [3, 4]
    acc.add([4, 1, 4], Float32Array.from([1, 2, 3, 4, 5, 6]));
    acc.add([1], [10, 20]); // row 1 = [13, 24]
    expect(acc.size).toBe(2);
    const a = acc.take();
    expect(Array.from(a.ids)).toEqual([4, 1]);
    expect(Array.from(a.values)).toEqual([6, 8, 13, 24]);
    expect(a.width).toBe(2);
    expect(a.numRows).toBe(6);
    // next step starts from zero, and reuses slots of earlier rows correctly
    acc.add([1, 5], [1, 1, 2, 2]);
    const b = acc.take();
    expect(Array.from(b.ids)).toEqual([1, 5]);
    expect(Array.from(b.values)).toEqual([1, 1, 2, 2]);
    expect(acc.take().ids.length).toBe(0);
  });

  it('grows past its initial capacity', () => {
    const acc = new RowGradientAccumulator(1000, 3);
    const ids = Array.from({ length: 500 }, (_, i) => 999 - i * 2);
    acc.add(ids, Float32Array.from({ length: 1500 }, (_, i) => i));
    const r = acc.take();
    expect(r.ids.length).toBe(500);
    expect(r.ids[499]).toBe(1);
    expect(Array.from(r.values.subarray(1497))).toEqual([1497, 1498, 1499]);
  });

  it('rejects ids out of range and a gradient of the wrong size, naming them', () => {
    const acc = new RowGradientAccumulator(3, 2);
    expect(() => acc.add([3], [1, 2])).toThrow(/row 3 is not in \[0, 3\)/);
    expect(() => acc.add([0, 1], [1, 2, 3])).toThrow(/2 ids need 4 gradient values, got 3/);
    expect(() => new RowGradientAccumulator(3, 0)).toThrow(/width >= 1/);
  });
});
