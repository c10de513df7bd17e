import { describe, expect, it } from 'vitest';
import { preferenceRecall } from './preference-recall';

describe('preferenceRecall', () => {
  it('averages |topK ∩ trueTopK| / |trueTopK| over users (hand example)', () => {
    // U1: {2, 3} of {2, 3, 4, 5} -> 2/4 = 0.5; U2: {7} of {7} -> 1; mean 0.75
    expect(preferenceRecall([new Int32Array([1, 2, 3]), new Int32Array([7])], [new Int32Array([2, 3, 4, 5]), [7]])).toBe(0.75);
    // duplicates count once: {2} of {2, 5} -> 0.5
    expect(preferenceRecall([[2, 2]], [[2, 5, 5]])).toBe(0.5);
    expect(preferenceRecall([], [])).toBeNaN();
    expect(() => preferenceRecall([[1]], [[]])).toThrow(RangeError);
    expect(() => preferenceRecall([[1]], [])).toThrow(RangeError);
  });
});
