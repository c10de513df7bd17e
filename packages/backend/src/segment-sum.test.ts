import { describe, expect, it } from 'vitest';
import { segmentSumInto, segmentSumShape } from './segment-sum';

describe('segmentSumInto', () => {
  it('sums rows into their segments and zeroes untouched segments', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]); // 4 rows of 2
    const out = new Float32Array(8).fill(99);
    segmentSumInto(x, [2, 0, 2, 2], out, 2, 4);
    expect(Array.from(out)).toEqual([3, 4, 0, 0, 1 + 5 + 7, 2 + 6 + 8, 0, 0]);
  });

  it('handles 1-D data (row size 1) and int32 output', () => {
    const out = new Int32Array(3);
    segmentSumInto(Int32Array.from([5, 6, 7]), [1, 1, 0], out, 1, 3);
    expect(Array.from(out)).toEqual([7, 11, 0]);
  });

  it('ignores ids outside [0, numSegments)', () => {
    const out = new Float32Array(2);
    segmentSumInto(Float32Array.from([1, 2, 4, 8]), [-1, 0, 2, 1], out, 1, 2);
    expect(Array.from(out)).toEqual([2, 8]);
  });

  it('computes the output shape', () => {
    expect(segmentSumShape([6, 3, 4], 1, 10)).toEqual([10, 3, 4]);
    expect(segmentSumShape([2, 3, 4], 2, 5)).toEqual([5, 4]);
    expect(segmentSumShape([7], 1, 0)).toEqual([0]);
  });
});
