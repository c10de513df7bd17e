import type { DatasetSplit, EvalExample } from './split-types';
import type { SequenceDataset } from './types';

/** Cut times (unix seconds) or fractions of all interactions for {@link temporalSplit}. */
export type TemporalSplitOptions = { validStart: number; testStart: number } | { validFraction: number; testFraction: number };

/** First index `k` of the sorted array `t` with `t[k] >= x` (`t.length` if none). */
function lowerBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Turns fractions of all interactions (sorted by time) into cut times. */
function cutTimes(ds: SequenceDataset, validFraction: number, testFraction: number): [number, number] {
  if (!(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction < 1)) {
    throw new Error(`temporalSplit: fractions must be >= 0 with validFraction + testFraction < 1, got ${validFraction} and ${testFraction}`);
  }
  let n = 0;
  for (const t of ds.timestamps!) n += t.length;
  const all = new Float64Array(n);
  let k = 0;
  for (const t of ds.timestamps!) { all.set(t, k); k += t.length; }
  all.sort();
  const at = (i: number) => (i >= n ? Infinity : all[i]);
  return [at(Math.floor(n * (1 - validFraction - testFraction))), at(Math.floor(n * (1 - testFraction)))];
}

/**
 * Splits by time, the protocol that avoids training on the future. With fractions, the cut times
 * are the `(1 - valid - test)` and `(1 - test)` quantiles of all interaction times. Per user:
 * train = interactions before `validStart`; valid example = the first interaction in
 * `[validStart, testStart)` with history = all earlier interactions; test example = the first
 * interaction at or after `testStart` with history = all earlier interactions (including the
 * validation window). An example needs a non-empty history. Users with neither example are counted
 * in `skippedUsers`. Throws when the dataset has no timestamps or a user's times are not sorted.
 */
export function temporalSplit(ds: SequenceDataset, opts: TemporalSplitOptions): DatasetSplit {
  const times = ds.timestamps;
  if (!times) throw new Error(`temporalSplit: dataset "${ds.name}" has no timestamps; use leaveOneOutSplit or a source with times`);
  const [validStart, testStart] = 'validStart' in opts
    ? [opts.validStart, opts.testStart]
    : cutTimes(ds, opts.validFraction, opts.testFraction);
  if (!(validStart <= testStart)) throw new Error(`temporalSplit: validStart (${validStart}) must be <= testStart (${testStart})`);
  const train: Int32Array[] = [];
  const trainTimes: Float64Array[] = [];
  const valid: EvalExample[] = [];
  const test: EvalExample[] = [];
  let skippedUsers = 0;
  for (let u = 0; u < ds.sequences.length; u++) {
    const seq = ds.sequences[u];
    const t = times[u];
    for (let k = 1; k < t.length; k++) {
      if (t[k] < t[k - 1]) throw new Error(`temporalSplit: user ${u} (${ds.userIds[u]}) has unsorted timestamps at position ${k}`);
    }
    const example = (end: number): EvalExample => ({
      user: u, history: seq.subarray(0, end), historyTimes: t.subarray(0, end), target: seq[end], time: t[end],
    });
    const v = lowerBound(t, validStart);
    const s = lowerBound(t, testStart);
    train.push(seq.subarray(0, v));
    trainTimes.push(t.subarray(0, v));
    let any = false;
    if (v < s && v >= 1) { valid.push(example(v)); any = true; }
    if (s < t.length && s >= 1) { test.push(example(s)); any = true; }
    if (!any) skippedUsers++;
  }
  return { kind: 'temporal', train, trainTimes, valid, test, skippedUsers, validStart, testStart };
}
