import { describe, expect, it } from 'vitest';
import { accidentalHitMask, accidentalHitMaskPerUser } from './accidental-hits';

describe('accidental-hit masks', () => {
  it('masks keys equal to the row positive, except the positive column itself', () => {
    // positive items [7, 9] at key columns [0, 1]; keyIds = [7, 9, 9, 3, 7]
    // row 0 (item 7): column 4 is a hit (7), column 0 is its own positive -> [0, 0, 0, 0, -1e9]
    // row 1 (item 9): column 2 is a hit (9), column 1 is its own positive -> [0, 0, -1e9, 0, 0]
    const m = accidentalHitMask(Int32Array.from([7, 9]), Int32Array.from([7, 9, 9, 3, 7]), Int32Array.from([0, 1]));
    expect(Array.from(m)).toEqual([0, 0, 0, 0, -1e9, 0, 0, -1e9, 0, 0]);
  });

  it('per-user variant masks negatives equal to the positive', () => {
    // positives [4, 5], k = 3, negatives [[4, 1, 4], [2, 3, 5]] -> [[-1e9, 0, -1e9], [0, 0, -1e9]]
    const m = accidentalHitMaskPerUser(Int32Array.from([4, 5]), Int32Array.from([4, 1, 4, 2, 3, 5]), 3);
    expect(Array.from(m)).toEqual([-1e9, 0, -1e9, 0, 0, -1e9]);
  });

  it('checks lengths', () => {
    expect(() => accidentalHitMask(Int32Array.from([1]), Int32Array.from([1]), Int32Array.from([0, 0]))).toThrow(/positives has length 2/);
    expect(() => accidentalHitMask(Int32Array.from([1]), Int32Array.from([1]), Int32Array.from([3]))).toThrow(/out of/);
    expect(() => accidentalHitMaskPerUser(Int32Array.from([1]), Int32Array.from([1, 2]), 3)).toThrow(/expected 1·3/);
  });
});
