import { describe, expect, it } from 'vitest';
import { auc, aucFromScores, meanAuc } from './auc';

describe('auc', () => {
  it('counts wins and half ties over all pairs (hand example)', () => {
    // positives 0.8, 0.5; negatives 0.9, 0.5, 0.1
    // 0.8: beats 0.5 and 0.1 -> 2; 0.5: ties 0.5 (0.5), beats 0.1 (1) -> 1.5; total 3.5 / 6 = 0.583333
    expect(aucFromScores([0.8, 0.5], [0.9, 0.5, 0.1])).toBeCloseTo(3.5 / 6, 12);
    // one positive at sampled rank 2 of 1 + 4 (two negatives above): AUC = 2/4 = 0.5
    expect(aucFromScores([0.5], [0.9, 0.7, 0.2, 0.1])).toBe(0.5);
    // a constant model: every pair ties -> 0.5 (not the pessimistic 0 of the rank metrics)
    expect(aucFromScores([1, 1], [1, 1, 1])).toBe(0.5);
  });

  it('reads scores from a row by id', () => {
    const row = new Float32Array([0, 0.8, 0.9, 0.5, 0.1, 0.5]);
    // positives {1: 0.8, 5: 0.5}, negatives {2: 0.9, 3: 0.5, 4: 0.1}: as above, 3.5 / 6
    expect(auc(row, [1, 5], [2, 3, 4])).toBeCloseTo(3.5 / 6, 12);
    expect(() => auc(row, [6], [1])).toThrow(RangeError);
    expect(() => auc(row, [1], [-1])).toThrow(RangeError);
  });

  it('gives NaN pairs no credit and NaN for empty lists', () => {
    // positive NaN: 0 of 2 pairs; positive 0.5 vs {NaN, 0.1}: 1 of 2 -> total 1 / 4
    expect(aucFromScores([NaN, 0.5], [NaN, 0.1])).toBe(0.25);
    expect(aucFromScores([], [1])).toBeNaN();
    expect(aucFromScores([1], [])).toBeNaN();
  });

  it('averages users, skipping NaN', () => {
    // (1 + 0.5) / 2 = 0.75 over 2 users; the NaN user is not counted
    expect(meanAuc([1, NaN, 0.5])).toEqual({ AUC: 0.75, count: 2 });
    expect(meanAuc([])).toEqual({ AUC: NaN, count: 0 });
    expect(() => meanAuc([1.5])).toThrow(RangeError);
  });
});
