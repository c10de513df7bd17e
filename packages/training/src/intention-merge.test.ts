import { describe, expect, it } from 'vitest';
import { intentionSlots, mergeIntentionLists } from './intention-merge';

describe('intentionSlots (largest remainder of k · ŵ)', () => {
  it('splits k in proportion to the renormalised weights', () => {
    expect(Array.from(intentionSlots([0.3, 0.1], 4))).toEqual([3, 1]); // ŵ = 0.75, 0.25 → 3, 1 exactly
    // 6 · (0.5, 0.25, 0.25) = 3, 1.5, 1.5 → floors 3, 1, 1; one slot left, tied remainders → the lower index
    expect(Array.from(intentionSlots([2, 1, 1], 6))).toEqual([3, 2, 1]);
    // 4 · (0.5, 0.3, 0.2) = 2, 1.2, 0.8 → floors 2, 1, 0; the slot left goes to the largest remainder 0.8
    expect(Array.from(intentionSlots([5, 3, 2], 4))).toEqual([2, 1, 1]);
    // no minimum: 2 · (0.9, 0.1) = 1.8, 0.2 → 2, 0
    expect(Array.from(intentionSlots([0.9, 0.1], 2))).toEqual([2, 0]);
    expect(Array.from(intentionSlots([1, 1], 0))).toEqual([0, 0]);
  });

  it('rejects bad inputs', () => {
    expect(() => intentionSlots([0, 0], 3)).toThrow(/at least one positive weight/);
    expect(() => intentionSlots([1, -1], 3)).toThrow(/weights must be >= 0/);
    expect(() => intentionSlots([1], 1.5)).toThrow(/non-negative integer/);
  });
});

describe('mergeIntentionLists', () => {
  it('interleaves by weight, skips duplicates and fills k', () => {
    // slots 3, 1: round 1 → 1 (A), 5 (B); round 2 → 4 (A); round 3 → A's 5 is taken, so 3
    expect(Array.from(mergeIntentionLists([[1, 4, 5, 3], [5, 3, 4, 1]], [0.3, 0.1], 4))).toEqual([1, 5, 4, 3]);
    // weight order decides who goes first, not the list index
    expect(Array.from(mergeIntentionLists([[5, 3, 4, 1], [1, 4, 5, 3]], [0.1, 0.3], 4))).toEqual([1, 5, 4, 3]);
    // A runs out after 1 item: the rest is filled from B
    expect(Array.from(mergeIntentionLists([[1], [2, 3, 4]], [3, 1], 4))).toEqual([1, 2, 3, 4]);
    // fewer distinct items than k
    expect(Array.from(mergeIntentionLists([[1, 2], [2, 1]], [1, 1], 4))).toEqual([1, 2]);
    expect(() => mergeIntentionLists([[1]], [1, 1], 2)).toThrow(/1 lists but 2 weights/);
  });
});
