import { describe, expect, it } from 'vitest';
import { PADDING_SEGMENT, headTorsoTailRecall, popularitySegments } from './head-torso-tail';

describe('head / torso / tail', () => {
  // clicks per id 0..5: total 10. Sorted: 1 (5), 2 (3), 3 (1), 4 (1), 5 (0)
  // clicks before each: 1 -> 0 (< 5: head), 2 -> 5 (< 8: torso), 3 -> 8 (tail), 4 -> 9, 5 -> 10 (tail)
  const counts = [0, 5, 3, 1, 1, 0];

  it('segments items by cumulative click share (50% / 30% / rest)', () => {
    expect(Array.from(popularitySegments(counts))).toEqual([PADDING_SEGMENT, 0, 1, 2, 2, 2]);
    // head 0.3: item 1 alone covers 50% >= 30% -> head; torso 0.3 up to 60%: item 2 (before 5 < 6)
    expect(Array.from(popularitySegments(counts, { head: 0.3, torso: 0.3 }))).toEqual([PADDING_SEGMENT, 0, 1, 2, 2, 2]);
    // head 0.6: items 1 (before 0) and 2 (before 5 < 6) -> head; torso to 90%: 3 (8 < 9) -> torso; 4 (9) tail
    expect(Array.from(popularitySegments(counts, { head: 0.6, torso: 0.3 }))).toEqual([PADDING_SEGMENT, 0, 0, 1, 2, 2]);
    expect(() => popularitySegments(counts, { head: 0.8, torso: 0.3 })).toThrow(RangeError);
    expect(() => popularitySegments([0, 0])).toThrow(RangeError);
  });

  it('reports pooled recall per segment (hand example)', () => {
    const topK = [[1, 3], [1, 2], [2, 4], [3, 1]];
    // U1 target 1 (head) hit; U2 target 4 (tail) miss; U3 target 2 (torso) hit;
    // U4 targets {3 (tail) hit, 2 (torso) miss}
    const r = headTorsoTailRecall(topK, [[1], [4], [2], [3, 2, 3]], counts);
    // head 1/1; torso 1 hit / 2 targets = 0.5; tail 1 hit / 2 targets = 0.5; items 1, 1, 3
    expect(r).toEqual({
      head: { recall: 1, hits: 1, targets: 1, items: 1 },
      torso: { recall: 0.5, hits: 1, targets: 2, items: 1 },
      tail: { recall: 0.5, hits: 1, targets: 2, items: 3 },
    });
    // single targets as a plain array: U1..U3 as above -> tail 0/1, torso 1/1
    const s = headTorsoTailRecall(topK.slice(0, 3), new Int32Array([1, 4, 2]), counts);
    expect([s.head.recall, s.torso.recall, s.tail.recall]).toEqual([1, 1, 0]);
    // no target in a segment -> NaN
    expect(headTorsoTailRecall([[1]], [1], counts).tail.recall).toBeNaN();
    expect(() => headTorsoTailRecall([[1]], [6], counts)).toThrow(RangeError);
    expect(() => headTorsoTailRecall([[1], [2]], [1], counts)).toThrow(RangeError);
  });
});
