import { describe, expect, it } from 'vitest';
import { sampledRank, sampledRankInRow, summarizeSampledRanks } from './sampled-rank';

describe('sampledRank', () => {
  it('counts negatives at or above the target, NaN pessimistic', () => {
    // target 0.5 vs [0.9 (above), 0.5 (tie), 0.1 (below), NaN (above)] -> 3
    expect(sampledRank(0.5, [0.9, 0.5, 0.1, NaN])).toBe(3);
    expect(sampledRank(0.95, new Float32Array([0.9, 0.5]))).toBe(0);
    // NaN target: worst rank = #negatives
    expect(sampledRank(NaN, [0.1, 0.2])).toBe(2);
    // a constant model over 1 + 100 candidates: worst rank 100
    expect(sampledRank(1, new Float32Array(100).fill(1))).toBe(100);
  });

  it('reads target and negatives from a score row, rejecting protocol bugs', () => {
    const row = new Float32Array([9, 0.5, 0.9, 0.5, 0.1, 0.7]);
    // target 1 (0.5) vs negatives 2 (0.9), 3 (0.5), 4 (0.1): 0.9 above, 0.5 tie -> 2 (padding 0 unused)
    expect(sampledRankInRow(row, 1, [2, 3, 4])).toBe(2);
    expect(() => sampledRankInRow(row, 1, [1, 2])).toThrow(/among the negatives/);
    expect(() => sampledRankInRow(row, 1, [0, 2])).toThrow(RangeError);
    expect(() => sampledRankInRow(row, 6, [2])).toThrow(RangeError);
  });

  it("summarizes ranks into the authors' metric set (hand-computed)", () => {
    const s = summarizeSampledRanks([0, 2, 9, 100]);
    expect(Object.keys(s)).toEqual(['HR@1', 'HR@5', 'NDCG@5', 'HR@10', 'NDCG@10', 'MRR', 'count']);
    // HR@1 = 1/4; HR@5 = 2/4; HR@10 = 3/4
    expect(s['HR@1']).toBe(0.25);
    expect(s['HR@5']).toBe(0.5);
    expect(s['HR@10']).toBe(0.75);
    // NDCG@5 = (1 + 1/log2(4)) / 4 = 1.5 / 4 = 0.375
    expect(s['NDCG@5']).toBeCloseTo(0.375, 12);
    // NDCG@10 = (1 + 0.5 + 1/log2(11) = 0.2890648263) / 4 = 0.4472662066
    expect(s['NDCG@10']).toBeCloseTo(0.4472662066, 9);
    // MRR = (1 + 1/3 + 1/10 + 1/101) / 4 = (1 + 0.3333333 + 0.1 + 0.0099010) / 4 = 0.3608085809
    expect(s.MRR).toBeCloseTo(0.3608085809, 9);
    expect(s.count).toBe(4);
  });
});
