import { describe, expect, it } from 'vitest';
import { packUserTowerInputs } from './user-tower-inputs';

describe('packUserTowerInputs', () => {
  it('keeps the latest maxLen clicks, left-padded (or right-padded), with time buckets relative to the query time', () => {
    const queries = [
      { history: [5, 6, 7, 8, 9], historyTimes: [0, 100, 500, 900, 990], time: 1000 },
      { history: [3] },
    ];
    const left = packUserTowerInputs(queries, 3, 21);
    expect(Array.from(left.itemIds, Number)).toEqual([7, 8, 9, 0, 0, 3]);
    expect(Array.from(left.timeBuckets!, Number)).toEqual([4, 2, 1, 0, 0, 0]); // 500 s, 100 s, 10 s before the query; no times: 0
    const right = packUserTowerInputs(queries, 3, 0, 'right');
    expect(Array.from(right.itemIds, Number)).toEqual([7, 8, 9, 3, 0, 0]);
    expect(right.timeBuckets).toBeUndefined();
    expect([right.batch, right.maxLen]).toEqual([2, 3]);
  });
});
