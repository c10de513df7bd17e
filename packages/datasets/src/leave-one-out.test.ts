import { describe, expect, it } from 'vitest';
import { leaveOneOutSplit } from './leave-one-out';
import { handDataset } from './test-fixtures';

const arr = (a: ArrayLike<number> | null) => (a ? Array.from(a) : null);

describe('leaveOneOutSplit', () => {
  it('holds out the last item for test and the second-to-last for validation', () => {
    const sp = leaveOneOutSplit(handDataset(false));
    expect(sp.kind).toBe('leave-one-out');
    expect(sp.train.map(arr)).toEqual([[1, 2, 3], [6], [3, 4]]);
    expect(sp.trainTimes).toBeNull();
    expect(sp.valid.map((e) => [e.user, arr(e.history), e.target, e.time])).toEqual([[0, [1, 2, 3], 4, null], [1, [6], 1, null]]);
    expect(sp.test.map((e) => [e.user, arr(e.history), e.target, e.historyTimes])).toEqual([[0, [1, 2, 3, 4], 5, null], [1, [6, 1], 2, null]]);
    expect(sp.skippedUsers).toBe(1);
  });

  it('carries timestamps along and honours minLength', () => {
    const sp = leaveOneOutSplit(handDataset(true), { minLength: 4 });
    expect(sp.trainTimes!.map(arr)).toEqual([[10, 20, 30], [15, 25, 35], [5, 60]]);
    expect(sp.train.map(arr)).toEqual([[1, 2, 3], [6, 1, 2], [3, 4]]);
    expect(sp.test).toHaveLength(1);
    expect([arr(sp.test[0].historyTimes), sp.test[0].time, sp.valid[0].time]).toEqual([[10, 20, 30, 40], 50, 40]);
    expect(sp.skippedUsers).toBe(2);
  });

  it('refuses minLength < 3', () => {
    expect(() => leaveOneOutSplit(handDataset(false), { minLength: 2 })).toThrow(/minLength must be an integer >= 3/);
  });
});
