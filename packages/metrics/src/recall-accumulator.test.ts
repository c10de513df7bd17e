import { describe, expect, it } from 'vitest';
import { RecallAccumulator } from './recall-accumulator';
import { heldOutRecallAtK } from './held-out-recall-at-k';

// Three users × 6 item ids (0 = padding), row-major.
const block = new Float32Array([
  0, 0.9, 0.8, 0.7, 0.6, 0.5, // user A, targets {1, 4}: positions 0, 3
  0, 0.1, 0.2, 0.3, 0.4, 0.5, // user B, targets {1}, history [5]: list 4, 3, 2, 1 -> position 3
  0, 0.5, 0.5, 0.5, 0.5, 0.5, // user C, no targets -> skipped
]);
const targets = [[1, 4], [1], []];
const histories = [[], [5], []];

describe('RecallAccumulator', () => {
  it('averages per-user recall over users with targets (hand-computed)', () => {
    const acc = new RecallAccumulator({ ks: [1, 4] });
    acc.add(block, 6, targets, (r) => histories[r]);
    // Recall@1: A 1/2, B 0/1 -> (0.5 + 0) / 2 = 0.25
    // Recall@4: A 2/2, B 1/1 -> (1 + 1) / 2 = 1
    expect(acc.summary()).toEqual({ 'Recall@1': 0.25, 'Recall@4': 1, count: 2 });
    expect(acc.skipped).toBe(1);
    expect(acc.count).toBe(2);
  });

  it('is the same in blocks as in one go, and matches heldOutRecallAtK', () => {
    const acc = new RecallAccumulator({ ks: [2] });
    acc.add(block.subarray(0, 6), 6, targets.slice(0, 1));
    acc.add(block.subarray(6), 6, targets.slice(1), (r) => histories[1 + r]);
    const expected =
      (heldOutRecallAtK(block.subarray(0, 6), [1, 4], 2) + heldOutRecallAtK(block.subarray(6, 12), [1], 2, { exclude: [5] })) / 2;
    // A: 1/2, B: 0 -> 0.25
    expect(expected).toBe(0.25);
    expect(acc.summary()['Recall@2']).toBe(expected);
  });

  it('counts a target that is in the excluded history as a miss (repeat consumption)', () => {
    // user A again, history [1]: target 1 (the top score) is masked; list 2, 3, 4, 5 -> 4 at position 2
    const acc = new RecallAccumulator({ ks: [1, 3] });
    acc.add(block.subarray(0, 6), 6, [[1, 4]], () => [1]);
    // Recall@1: 0/2 = 0; Recall@3: {4}/2 = 0.5
    expect(acc.summary()).toEqual({ 'Recall@1': 0, 'Recall@3': 0.5, count: 1 });
    // history included: positions 0, 3 -> Recall@1 = 1/2, Recall@3 = 1/2
    const inc = new RecallAccumulator({ ks: [1, 3] });
    inc.add(block.subarray(0, 6), 6, [[1, 4]]);
    expect(inc.summary()).toEqual({ 'Recall@1': 0.5, 'Recall@3': 0.5, count: 1 });
  });

  it('reports NaN when empty, resets, and validates', () => {
    const acc = new RecallAccumulator();
    expect(acc.summary()).toEqual({ 'Recall@5': NaN, 'Recall@10': NaN, 'Recall@20': NaN, count: 0 });
    acc.add(block, 6, targets);
    acc.reset();
    expect(acc.count).toBe(0);
    expect(acc.skipped).toBe(0);
    expect(() => acc.add(block, 5, targets)).toThrow(RangeError);
    expect(() => new RecallAccumulator({ ks: [0] })).toThrow(RangeError);
    expect(() => new RecallAccumulator({ ks: [] })).toThrow(RangeError);
  });
});
