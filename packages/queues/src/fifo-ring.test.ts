import { describe, expect, it } from 'vitest';
import { FifoRing } from './fifo-ring';

describe('FifoRing', () => {
  it('keeps FIFO order and drops the oldest beyond capacity', () => {
    const q = new FifoRing(5);
    expect(q.size).toBe(0);
    expect(Array.from(q.newestIds())).toEqual([]);
    q.push([1, 2, 3]); // filling: holds what it has
    expect(Array.from(q.newestIds())).toEqual([1, 2, 3]);
    q.push([4, 5, 6]); // 1 is dropped
    expect(q.size).toBe(5);
    expect(Array.from(q.newestIds())).toEqual([2, 3, 4, 5, 6]);
    expect(Array.from(q.newestIds(2))).toEqual([5, 6]);
    q.push([7]);
    expect(Array.from(q.newestIds())).toEqual([3, 4, 5, 6, 7]);
    q.push([8, 9, 10, 11, 12, 13, 14]); // push larger than capacity: newest 5 survive
    expect(Array.from(q.newestIds())).toEqual([10, 11, 12, 13, 14]);
  });

  it('capacity is independent of the push size', () => {
    const q = new FifoRing(10);
    for (let step = 0; step < 4; step++) q.push([step * 3, step * 3 + 1, step * 3 + 2]);
    // 12 ids pushed, capacity 10: ids 2..11 remain, the last push [9,10,11] newest
    expect(Array.from(q.newestIds())).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('stores vectors aligned with ids', () => {
    const q = new FifoRing(2, 2);
    q.push([1, 2], [10, 11, 20, 21]);
    q.push([3], [30, 31]);
    expect(Array.from(q.newestIds())).toEqual([2, 3]);
    expect(Array.from(q.newestVectors())).toEqual([20, 21, 30, 31]);
    expect(Array.from(q.newestVectors(1))).toEqual([30, 31]);
    expect(() => q.push([4], [1])).toThrow(/expected 2 vector values/);
  });

  it('rejects bad sizes', () => {
    expect(() => new FifoRing(0)).toThrow(/positive integer/);
    expect(() => new FifoRing(2.5)).toThrow(/positive integer/);
    expect(() => new FifoRing(3, -1)).toThrow(/non-negative/);
  });
});
