import { describe, expect, it } from 'vitest';
import { degreeBucketCounts, degreeBucketImpressions } from './degree-buckets';

describe('degree buckets', () => {
  // degree per id 0..6; id 0 is padding (its 99 must not create a [64, 128) bucket)
  const degree = [99, 0, 1, 3, 4, 7, 8];
  // base 2 buckets: [0,1): item 1; [1,2): item 2; [2,4): item 3; [4,8): items 4, 5; [8,16): item 6

  it('counts impressions of top-K items per log2 degree bucket (hand example)', () => {
    // top-2 lists: [6, 5], [6, 1], [6, 4] -> item 6 ×3 in [8,16); items 5, 4 in [4,8); item 1 in [0,1)
    const b = degreeBucketImpressions([new Int32Array([6, 5]), new Int32Array([6, 1]), new Int32Array([6, 4])], degree);
    expect(b).toEqual([
      { lo: 0, hi: 1, items: 1, impressions: 1 },
      { lo: 1, hi: 2, items: 1, impressions: 0 },
      { lo: 2, hi: 4, items: 1, impressions: 0 },
      { lo: 4, hi: 8, items: 2, impressions: 2 },
      { lo: 8, hi: 16, items: 1, impressions: 3 },
    ]);
  });

  it("gives the data's own impressions as the sum of degrees per bucket", () => {
    // [0,1): 0; [1,2): 1; [2,4): 3; [4,8): 4 + 7 = 11; [8,16): 8. Total 23 = Σ degrees of ids 1..6
    expect(degreeBucketCounts(degree).map((x) => x.impressions)).toEqual([0, 1, 3, 11, 8]);
  });

  it('supports other bases, exact powers included, and the padding option', () => {
    // base 3: [0,1): item 1; [1,3): item 2; [3,9): items 3, 4, 5, 6 (3 is an exact power -> upper bucket)
    expect(degreeBucketCounts(degree, { base: 3 })).toEqual([
      { lo: 0, hi: 1, items: 1, impressions: 0 },
      { lo: 1, hi: 3, items: 1, impressions: 1 },
      { lo: 3, hi: 9, items: 4, impressions: 22 },
    ]);
    // base 10, degree 1000: log(1000)/log(10) = 2.9999999999999996 in floating point; still [1000, 10000)
    const b10 = degreeBucketCounts([0, 1000, 999], { base: 10 });
    expect(b10.map((x) => [x.lo, x.items])).toEqual([[0, 0], [1, 0], [10, 0], [100, 1], [1000, 1]]);
    // ignoreIndex0 false: id 0 (degree 99) is an item in [64, 128), and may be recommended
    const all = degreeBucketImpressions([[0]], degree, { ignoreIndex0: false });
    expect(all.length).toBe(8);
    expect(all[7]).toEqual({ lo: 64, hi: 128, items: 1, impressions: 1 });
  });

  it('rejects padding or unknown ids in top-K lists, bad degrees and bases', () => {
    expect(() => degreeBucketImpressions([[0]], degree)).toThrow(RangeError);
    expect(() => degreeBucketImpressions([[7]], degree)).toThrow(RangeError);
    expect(() => degreeBucketCounts([0, -1])).toThrow(RangeError);
    expect(() => degreeBucketCounts(degree, { base: 1 })).toThrow(RangeError);
  });
});
