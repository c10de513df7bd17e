import { describe, expect, it } from 'vitest';
import { SampledRankingAccumulator } from './sampled-ranking-accumulator';

describe('SampledRankingAccumulator', () => {
  it('ranks each row against its own negatives across blocks (hand example)', () => {
    const acc = new SampledRankingAccumulator();
    // block 1, 6 candidates (ids 0..5):
    // row 0: target 1 (0.5) vs negatives 2 (0.9 above), 3 (0.5 tie), 4 (0.1 below) -> rank 2
    // row 1: target 3 (0.3) vs negatives 1 (0.2), 2 (0.1) -> rank 0
    const block1 = new Float32Array([9, 0.5, 0.9, 0.5, 0.1, 0.7, 0, 0.2, 0.1, 0.3, 0.05, 0]);
    const negs1 = [[2, 3, 4], [1, 2]];
    acc.add(block1, 6, [1, 3], (r) => negs1[r]);
    // block 2: target 1 (score 1) vs 2, 3, 4, 5 (scores 2..5, all above) -> rank 4
    acc.add(new Float32Array([0, 1, 2, 3, 4, 5]), 6, [1], () => [2, 3, 4, 5]);
    expect(Array.from(acc.ranks())).toEqual([2, 0, 4]);
    expect(acc.count).toBe(3);
    const s = acc.summary();
    // HR@1 = 1/3 (rank 0 only); HR@5 = 3/3
    expect(s['HR@1']).toBeCloseTo(1 / 3, 12);
    expect(s['HR@5']).toBe(1);
    // NDCG@5 = (1/log2(4) + 1/log2(2) + 1/log2(6)) / 3 = (0.5 + 1 + 0.3868528072) / 3 = 0.6289509357
    expect(s['NDCG@5']).toBeCloseTo(0.6289509357, 9);
    // MRR = (1/3 + 1 + 1/5) / 3 = 1.5333333 / 3 = 0.5111111111
    expect(s.MRR).toBeCloseTo(0.5111111111, 9);
    expect(s.count).toBe(3);
  });

  it('grows past its initial buffer and rejects a bad block or a target among the negatives', () => {
    const acc = new SampledRankingAccumulator();
    const rows = 1500;
    const scores = new Float32Array(rows * 3);
    for (let r = 0; r < rows; r++) scores.set([0, 1, 0.5], r * 3); // target 1 beats negative 2
    acc.add(scores, 3, new Int32Array(rows).fill(1), () => [2]);
    expect(acc.count).toBe(rows);
    expect(acc.summary()['HR@1']).toBe(1);
    expect(() => acc.add(new Float32Array(5), 3, [1], () => [2])).toThrow(/expected 1 rows × 3 candidates/);
    expect(() => acc.add(new Float32Array([0, 1, 0.5]), 3, [1], () => [1])).toThrow(/among the negatives/);
  });
});
