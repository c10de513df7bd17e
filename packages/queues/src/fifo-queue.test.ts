import { describe, expect, it } from 'vitest';
import { FifoQueue } from './fifo-queue';

describe('FifoQueue', () => {
  it('keeps FIFO order and drops the oldest beyond capacity', () => {
    const q = new FifoQueue(5);
    expect(q.size).toBe(0);
    expect(Array.from(q.contents())).toEqual([]);
    q.enqueue([1, 2, 3]); // filling: holds what it has
    expect(q.size).toBe(3);
    expect(Array.from(q.contents())).toEqual([1, 2, 3]);
    q.enqueue([4, 5, 6]); // 1 is dropped
    expect(q.size).toBe(5);
    expect(Array.from(q.contents())).toEqual([2, 3, 4, 5, 6]);
    q.enqueue([7]);
    expect(Array.from(q.contents())).toEqual([3, 4, 5, 6, 7]);
    q.enqueue([8, 9, 10, 11, 12, 13, 14]); // batch larger than capacity: newest 5 survive
    expect(Array.from(q.contents())).toEqual([10, 11, 12, 13, 14]);
  });

  it('capacity is independent of batch size and the last batch is the newest block', () => {
    const q = new FifoQueue(10);
    for (let step = 0; step < 4; step++) q.enqueue([step * 3, step * 3 + 1, step * 3 + 2]);
    // 12 ids enqueued, capacity 10: ids 2..11, newest batch [9,10,11] last
    expect(Array.from(q.contents())).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('round-trips its state through JSON', () => {
    const q = new FifoQueue(4);
    q.enqueue([1, 2, 3, 4, 5, 6]);
    const saved = JSON.parse(JSON.stringify(q.state()));
    expect(saved).toEqual({ name: 'inter', capacity: 4, items: [3, 4, 5, 6] });
    const r = new FifoQueue(4);
    r.restore(saved);
    r.enqueue([7]);
    q.enqueue([7]);
    expect(Array.from(r.contents())).toEqual(Array.from(q.contents()));
  });

  it('rejects a bad capacity', () => {
    expect(() => new FifoQueue(0)).toThrow(/positive integer/);
    expect(() => new FifoQueue(2.5)).toThrow(/positive integer/);
  });
});
