import { describe, expect, it } from 'vitest';
import { handDataset } from './test-fixtures';
import { temporalSplit } from './temporal-split';

const arr = (a: ArrayLike<number> | null) => (a ? Array.from(a) : null);

describe('temporalSplit', () => {
  // user 0: 1@10 2@20 3@30 4@40 5@50; user 1: 6@15 1@25 2@35; user 2: 3@5 4@60
  it('cuts at explicit times: train before validStart, first item of each window is the target', () => {
    const sp = temporalSplit(handDataset(true), { validStart: 30, testStart: 45 });
    expect(sp.kind).toBe('temporal');
    expect(sp.train.map(arr)).toEqual([[1, 2], [6, 1], [3]]);
    expect(sp.trainTimes!.map(arr)).toEqual([[10, 20], [15, 25], [5]]);
    expect(sp.valid.map((e) => [e.user, arr(e.history), e.target, e.time])).toEqual([[0, [1, 2], 3, 30], [1, [6, 1], 2, 35]]);
    // test history includes everything before the target, validation window included
    expect(sp.test.map((e) => [e.user, arr(e.history), e.target, e.time, arr(e.historyTimes)])).toEqual([
      [0, [1, 2, 3, 4], 5, 50, [10, 20, 30, 40]],
      [2, [3], 4, 60, [5]],
    ]);
    expect(sp.skippedUsers).toBe(0);
    expect([sp.validStart, sp.testStart]).toEqual([30, 45]);
  });

  it('needs a non-empty history and counts users without any example', () => {
    const sp = temporalSplit(handDataset(true), { validStart: 4, testStart: 12 });
    // every user's first interaction is >= 4, so no validation example has a history;
    // user 1 starts at 15 >= testStart, so it has no test history either
    expect(sp.valid).toHaveLength(0);
    expect(sp.test.map((e) => [e.user, arr(e.history), e.target])).toEqual([[0, [1], 2], [2, [3], 4]]);
    expect(sp.skippedUsers).toBe(1);
    const late = temporalSplit(handDataset(true), { validStart: 100, testStart: 200 });
    expect([late.valid.length, late.test.length, late.skippedUsers]).toEqual([0, 0, 3]);
  });

  it('turns fractions of all interactions into cut times', () => {
    // 10 sorted times: 5 10 15 20 25 30 35 40 50 60 -> valid from index 6 (35), test from index 8 (50)
    const sp = temporalSplit(handDataset(true), { validFraction: 0.2, testFraction: 0.2 });
    expect([sp.validStart, sp.testStart]).toEqual([35, 50]);
    expect(sp.valid.map((e) => [e.user, e.target])).toEqual([[0, 4], [1, 2]]);
    expect(sp.test.map((e) => [e.user, e.target])).toEqual([[0, 5], [2, 4]]);
  });

  it('refuses datasets without timestamps and bad options', () => {
    expect(() => temporalSplit(handDataset(false), { validStart: 1, testStart: 2 })).toThrow(/has no timestamps/);
    expect(() => temporalSplit(handDataset(true), { validStart: 2, testStart: 1 })).toThrow(/validStart/);
    expect(() => temporalSplit(handDataset(true), { validFraction: 0.6, testFraction: 0.5 })).toThrow(/fractions/);
    const ds = handDataset(true);
    ds.timestamps![1] = Float64Array.from([15, 5, 35]);
    expect(() => temporalSplit(ds, { validStart: 1, testStart: 2 })).toThrow(/user 1 \(b\) has unsorted timestamps/);
  });
});
