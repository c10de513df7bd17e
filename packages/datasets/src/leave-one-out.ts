import type { DatasetSplit, EvalExample } from './split-types';
import type { SequenceDataset } from './types';

/** Options of {@link leaveOneOutSplit}. */
export interface LeaveOneOutOptions {
  /** Users with fewer interactions are not evaluated (all items go to train); default 3, minimum 3. */
  minLength?: number;
}

/**
 * The SASRec / CLRec-paper protocol: per user, the last item is the test target (history =
 * everything before it), the second-to-last is the validation target (history = everything before
 * it), the rest is training data. Users shorter than `minLength` keep all items in train, get no
 * eval examples and are counted in `skippedUsers`.
 */
export function leaveOneOutSplit(ds: SequenceDataset, opts: LeaveOneOutOptions = {}): DatasetSplit {
  const minLength = opts.minLength ?? 3;
  if (!Number.isInteger(minLength) || minLength < 3) {
    throw new Error(`leaveOneOutSplit: minLength must be an integer >= 3 (valid and test each need a non-empty history), got ${minLength}`);
  }
  const times = ds.timestamps;
  const train: Int32Array[] = [];
  const trainTimes: Float64Array[] | null = times ? [] : null;
  const valid: EvalExample[] = [];
  const test: EvalExample[] = [];
  let skippedUsers = 0;
  const example = (user: number, end: number): EvalExample => ({
    user,
    history: ds.sequences[user].subarray(0, end),
    historyTimes: times ? times[user].subarray(0, end) : null,
    target: ds.sequences[user][end],
    time: times ? times[user][end] : null,
  });
  for (let u = 0; u < ds.sequences.length; u++) {
    const seq = ds.sequences[u];
    const n = seq.length;
    if (n < minLength) {
      train.push(seq);
      trainTimes?.push(times![u]);
      skippedUsers++;
      continue;
    }
    train.push(seq.subarray(0, n - 2));
    trainTimes?.push(times![u].subarray(0, n - 2));
    valid.push(example(u, n - 2));
    test.push(example(u, n - 1));
  }
  return { kind: 'leave-one-out', train, trainTimes, valid, test, skippedUsers };
}
