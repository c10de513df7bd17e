import { describe, expect, it } from 'vitest';
import { debiasReport } from './debias-report';

describe('debiasReport', () => {
  // training clicks per id 0..4: p_data = [0, 0.6, 0.3, 0.1, 0]; segments (50% head, 30% torso):
  // item 1 (clicks before 0 < 5) head, item 2 (6 < 8) torso, items 3 (9) and 4 (10) tail.
  // degree buckets base 2: [0,1) item 4, [1,2) item 3, [2,4) item 2, [4,8) item 1.
  const itemCounts = [0, 6, 3, 1, 0];
  const topK = [Int32Array.from([1, 2]), Int32Array.from([1, 3]), Int32Array.from([4, 2])];
  const targets = [2, 3, 4];
  const truth = [[2, 1], [3, 4], [1, 3]];

  it('computes every metric at each K from list prefixes (hand example)', () => {
    const r = debiasReport({ topK, ks: [1, 2], targets, itemCounts, trueTopK: (u, k) => truth[u].slice(0, k) });
    expect(r.users).toBe(3);
    expect(r.numItems).toBe(4);
    // ground truth: targets {2, 3, 4} -> 3 distinct; E[p_data] = (0.3 + 0.1 + 0) / 3 = 0.1333333
    expect(r.groundTruth.aggregateDiversity).toBe(3);
    expect(r.groundTruth.popularity).toBeCloseTo(0.1333333333, 9);
    // data's clicks per bucket: [0,1) 0, [1,2) 1, [2,4) 3, [4,8) 6
    expect(r.dataBuckets.map((b) => b.impressions)).toEqual([0, 1, 3, 6]);
    const [k1, k2] = r.atK;
    // K = 1: lists [1], [1], [4] -> distinct {1, 4} = 2 of 4; E[p_data] = (0.6 + 0.6 + 0) / 3 = 0.4
    expect(k1.k).toBe(1);
    expect(k1.aggregateDiversity).toBe(2);
    expect(k1.coverage).toBe(0.5);
    expect(k1.popularity).toBeCloseTo(0.4, 12);
    // targets 2 (torso) missed, 3 (tail) missed, 4 (tail) hit -> head NaN, torso 0/1, tail 1/2
    expect(k1.headTorsoTail.head.targets).toBe(0);
    expect(k1.headTorsoTail.head.recall).toBeNaN();
    expect(k1.headTorsoTail.torso).toEqual({ recall: 0, hits: 0, targets: 1, items: 1 });
    expect(k1.headTorsoTail.tail).toEqual({ recall: 0.5, hits: 1, targets: 2, items: 2 });
    // impressions: item 4 in [0,1) once, item 1 in [4,8) twice
    expect(k1.degreeBuckets.map((b) => b.impressions)).toEqual([1, 0, 0, 2]);
    // true top-1 [2], [3], [1] vs [1], [1], [4]: no overlap
    expect(k1.preferenceRecall).toBe(0);
    // K = 2: all 4 items; E[p_data] = (0.6 + 0.3 + 0.6 + 0.1 + 0 + 0.3) / 6 = 1.9 / 6 = 0.3166667
    expect(k2.aggregateDiversity).toBe(4);
    expect(k2.coverage).toBe(1);
    expect(k2.popularity).toBeCloseTo(0.3166666667, 9);
    expect(k2.headTorsoTail.torso.recall).toBe(1);
    expect(k2.headTorsoTail.tail.recall).toBe(1);
    // item 4 ×1, item 3 ×1, item 2 ×2, item 1 ×2
    expect(k2.degreeBuckets.map((b) => b.impressions)).toEqual([1, 1, 2, 2]);
    // overlaps 2/2, 1/2, 0/2 -> (1 + 0.5 + 0) / 3 = 0.5
    expect(k2.preferenceRecall).toBeCloseTo(0.5, 12);
  });

  it('reports null preference recall without ground truth and validates inputs', () => {
    expect(debiasReport({ topK, ks: [2], targets, itemCounts }).atK[0].preferenceRecall).toBeNull();
    expect(() => debiasReport({ topK, ks: [2], targets: [2], itemCounts })).toThrow(/3 top-K lists but 1 targets/);
    expect(() => debiasReport({ topK, ks: [0], targets, itemCounts })).toThrow(/positive integer/);
  });
});
