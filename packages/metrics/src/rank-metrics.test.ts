import { describe, expect, it } from 'vitest';
import { hitRate, mrr, ndcg } from './rank-metrics';

describe('rank metrics', () => {
  it('brief example: a single user at rank 2', () => {
    // HR@1: 2 < 1 false -> 0; HR@5: 2 < 5 -> 1
    expect(hitRate(1).fromRanks([2])).toBe(0);
    expect(hitRate(5).fromRanks([2])).toBe(1);
    // NDCG@5 = 1 / log2(2 + 2) = 1 / 2 = 0.5; NDCG@2 = 0 (rank 2 is outside the top 2)
    expect(ndcg(5).fromRanks([2])).toBeCloseTo(0.5, 12);
    expect(ndcg(2).fromRanks([2])).toBe(0);
    // MRR = 1 / (2 + 1) = 0.3333
    expect(mrr().fromRanks([2])).toBeCloseTo(1 / 3, 12);
  });

  it('averages over users: ranks [0, 2, 9, 25]', () => {
    const ranks = new Int32Array([0, 2, 9, 25]);
    // HR@1: {0} -> 1/4 = 0.25; HR@5: {0, 2} -> 2/4 = 0.5; HR@10 and HR@20: {0, 2, 9} -> 0.75
    expect(hitRate(1).fromRanks(ranks)).toBe(0.25);
    expect(hitRate(5).fromRanks(ranks)).toBe(0.5);
    expect(hitRate(10).fromRanks(ranks)).toBe(0.75);
    expect(hitRate(20).fromRanks(ranks)).toBe(0.75);
    // gains: rank 0 -> 1/log2(2) = 1; rank 2 -> 1/log2(4) = 0.5; rank 9 -> 1/log2(11) = 0.2890648263
    // NDCG@5 = (1 + 0.5) / 4 = 0.375
    expect(ndcg(5).fromRanks(ranks)).toBeCloseTo(0.375, 12);
    // NDCG@10 = (1 + 0.5 + 0.2890648263) / 4 = 0.4472662066 (rank 25 contributes 0); same @20
    expect(ndcg(10).fromRanks(ranks)).toBeCloseTo(0.4472662066, 9);
    expect(ndcg(20).fromRanks(ranks)).toBeCloseTo(0.4472662066, 9);
    // MRR = (1 + 1/3 + 1/10 + 1/26) / 4 = (1 + 0.3333333 + 0.1 + 0.0384615) / 4 = 0.3679487179
    expect(mrr().fromRanks(ranks)).toBeCloseTo(0.3679487179, 9);
  });

  it('counts a masked target (rank Infinity) as a miss: ranks [0, Infinity]', () => {
    const ranks = new Float64Array([0, Infinity]);
    // HR@1 = (1 + 0) / 2 = 0.5; HR@1000 still 0.5: Infinity is beyond every cut-off
    expect(hitRate(1).fromRanks(ranks)).toBe(0.5);
    expect(hitRate(1000).fromRanks(ranks)).toBe(0.5);
    // NDCG@10 = (1/log2(2) + 0) / 2 = 0.5; MRR = (1/1 + 0) / 2 = 0.5
    expect(ndcg(10).fromRanks(ranks)).toBe(0.5);
    expect(mrr().fromRanks(ranks)).toBe(0.5);
    // all masked: every metric 0 (not NaN: the users count)
    expect(hitRate(5).fromRanks([Infinity])).toBe(0);
    expect(ndcg(5).fromRanks([Infinity])).toBe(0);
    expect(mrr().fromRanks([Infinity])).toBe(0);
  });

  it('has the display names used as summary keys', () => {
    expect(hitRate(10).name).toBe('HR@10');
    expect(ndcg(20).name).toBe('NDCG@20');
    expect(mrr().name).toBe('MRR');
  });

  it('returns NaN for no users and rejects bad ranks and cut-offs', () => {
    expect(hitRate(5).fromRanks([])).toBeNaN();
    expect(ndcg(5).fromRanks([])).toBeNaN();
    expect(mrr().fromRanks([])).toBeNaN();
    expect(() => hitRate(5).fromRanks([1, -1])).toThrow(RangeError);
    expect(() => ndcg(5).fromRanks([NaN])).toThrow(RangeError);
    expect(() => mrr().fromRanks([0.5])).toThrow(RangeError);
    expect(() => mrr().fromRanks([-Infinity])).toThrow(RangeError);
    expect(() => hitRate(0)).toThrow(RangeError);
    expect(() => ndcg(2.5)).toThrow(RangeError);
  });
});
