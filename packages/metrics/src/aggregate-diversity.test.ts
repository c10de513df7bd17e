import { describe, expect, it } from 'vitest';
import { aggregateDiversity } from './aggregate-diversity';

describe('aggregateDiversity', () => {
  it('counts distinct recommended items over users (3-user hand example)', () => {
    // A: [1, 2], [1, 3], [1, 2] -> {1, 2, 3} = 3; B: [3, 4], [2, 4], [3, 4] -> {2, 3, 4} = 3
    expect(aggregateDiversity([new Int32Array([1, 2]), new Int32Array([1, 3]), new Int32Array([1, 2])])).toBe(3);
    expect(aggregateDiversity([[3, 4], [2, 4], [3, 4]])).toBe(3);
    // every user gets the same list: diversity = list length
    expect(aggregateDiversity([[5, 6, 7], [7, 6, 5]])).toBe(3);
    expect(aggregateDiversity([])).toBe(0);
    expect(() => aggregateDiversity([[1, -2]])).toThrow(RangeError);
  });
});
