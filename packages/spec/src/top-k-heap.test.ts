import { describe, expect, it } from 'vitest';
import { TopKHeap } from './top-k-heap';

function drain(h: TopKHeap): { ids: number[]; scores: number[] } {
  const ids = new Int32Array(h.k);
  const scores = new Float32Array(h.k);
  h.drainInto(ids, scores, 0);
  return { ids: [...ids], scores: [...scores] };
}

describe('TopKHeap', () => {
  it('keeps the k best, best first, whatever the arrival order', () => {
    const h = new TopKHeap(3);
    // (score, id): (0.5, 7) (0.9, 2) (0.1, 4) (0.7, 9) (0.3, 1) -> best three 0.9/2, 0.7/9, 0.5/7
    for (const [s, i] of [[0.5, 7], [0.9, 2], [0.1, 4], [0.7, 9], [0.3, 1]]) h.push(s, i);
    expect(drain(h)).toEqual({ ids: [2, 9, 7], scores: [0.8999999761581421, 0.699999988079071, 0.5] });
    expect(h.size).toBe(0);
  });

  it('breaks ties by the lower id, in push and in pushRow', () => {
    const h = new TopKHeap(2);
    // all four score 1: ids 5, 3, 8, 1 -> keep 1 and 3
    for (const i of [5, 3, 8, 1]) h.push(1, i);
    expect(drain(h).ids).toEqual([1, 3]);
    // rows in increasing id order: [1, 1, 0.5] at ids 10..12, then [1, 2] at ids 13..14
    h.pushRow([1, 1, 0.5], 0, 3, 10);
    h.pushRow([1, 2], 0, 2, 13);
    // best: 2 (id 14), then the lowest-id 1 (id 10)
    expect(drain(h).ids).toEqual([14, 10]);
  });

  it('pushRow on an empty heap rejects later ties by score alone and keeps the lower ids', () => {
    const h = new TopKHeap(2);
    // ids 0..4 with scores 1, 3, 3, 2, 3: the two 3s with the lowest ids are 1 and 2
    h.pushRow([1, 3, 3, 2, 3], 0, 5, 0);
    expect(drain(h).ids).toEqual([1, 2]);
    h.pushRow([5, 5, 5], 0, 3, 0);
    expect(h.drainIds()).toEqual(Int32Array.from([0, 1]));
    expect(h.size).toBe(0);
  });

  it('pushRow stays exact when rows arrive out of id order', () => {
    const h = new TopKHeap(2);
    h.pushRow([1, 1], 0, 2, 10); // ids 10, 11 at score 1
    h.pushRow([1, 0], 0, 2, 0); // id 0 ties at 1 and has a lower id: it must enter
    expect(drain(h).ids).toEqual([0, 10]);
  });

  it('reads a row at an offset and never keeps NaN', () => {
    const h = new TopKHeap(2);
    // block [[9, 9, 9], [0.2, NaN, 0.4]]: row 1 starts at offset 3, ids 100..102
    h.pushRow([9, 9, 9, 0.2, Number.NaN, 0.4], 3, 3, 100);
    expect(drain(h)).toEqual({ ids: [102, 100], scores: [0.4000000059604645, 0.20000000298023224] });
  });

  it('pads unfilled slots with id -1 and -Infinity', () => {
    const h = new TopKHeap(3);
    h.push(0.25, 4);
    expect(drain(h)).toEqual({ ids: [4, -1, -1], scores: [0.25, -Infinity, -Infinity] });
  });

  it('rejects a bad k', () => {
    expect(() => new TopKHeap(0)).toThrow(/positive integer/);
    expect(() => new TopKHeap(1.5)).toThrow(/positive integer/);
  });
});
