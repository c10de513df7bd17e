import { describe, expect, it } from 'vitest';
import { rankOfTarget } from './rank-of-target';
import { summarizeRanks } from './summarize-ranks';

describe('summarizeRanks', () => {
  it('summarizes several users end to end with hand-computed means', () => {
    // user A: target 1 (0.9) is the top -> rank 0
    const a = rankOfTarget(new Float32Array([0, 0.9, 0.1, 0.2, 0.3, 0.4]), 1);
    // user B: target 2 (0.5); nothing higher; ties items 1 and 3 -> rank 2
    const b = rankOfTarget(new Float32Array([0, 0.5, 0.5, 0.5, 0.1, 0.0]), 2);
    // user C: target 5 (0.4), history item 1 excluded; higher = items 2, 3, 4 -> rank 3
    const c = rankOfTarget(new Float32Array([0, 0.8, 0.7, 0.6, 0.5, 0.4]), 5, { exclude: [1] });
    expect([a, b, c]).toEqual([0, 2, 3]);

    const s = summarizeRanks([a, b, c], [1, 3]);
    expect(Object.keys(s)).toEqual(['HR@1', 'NDCG@1', 'HR@3', 'NDCG@3', 'MRR', 'count']);
    // HR@1: {0} -> 1/3; NDCG@1: gain 1 for rank 0 -> 1/3
    expect(s['HR@1']).toBeCloseTo(1 / 3, 12);
    expect(s['NDCG@1']).toBeCloseTo(1 / 3, 12);
    // HR@3: {0, 2} -> 2/3; NDCG@3 = (1 + 1/log2(4)) / 3 = (1 + 0.5) / 3 = 0.5
    expect(s['HR@3']).toBeCloseTo(2 / 3, 12);
    expect(s['NDCG@3']).toBeCloseTo(0.5, 12);
    // MRR = (1/1 + 1/3 + 1/4) / 3 = (19/12) / 3 = 19/36 = 0.5277777778
    expect(s.MRR).toBeCloseTo(19 / 36, 12);
    expect(s.count).toBe(3);
  });

  it('uses K = 5, 10, 20 by default in HR/NDCG-per-K order', () => {
    const s = summarizeRanks(new Int32Array([0, 7, 15, 30]));
    expect(Object.keys(s)).toEqual(['HR@5', 'NDCG@5', 'HR@10', 'NDCG@10', 'HR@20', 'NDCG@20', 'MRR', 'count']);
    // HR@5: {0} -> 0.25; HR@10: {0, 7} -> 0.5; HR@20: {0, 7, 15} -> 0.75
    expect([s['HR@5'], s['HR@10'], s['HR@20']]).toEqual([0.25, 0.5, 0.75]);
    // NDCG@10 = (1 + 1/log2(9)) / 4 = (1 + 0.3154648768) / 4 = 0.3288662192
    expect(s['NDCG@10']).toBeCloseTo(0.3288662192, 9);
    expect(s.count).toBe(4);
  });

  it('reports NaN metrics and count 0 for no users', () => {
    const s = summarizeRanks([], [10]);
    expect(s['HR@10']).toBeNaN();
    expect(s.MRR).toBeNaN();
    expect(s.count).toBe(0);
  });
});
