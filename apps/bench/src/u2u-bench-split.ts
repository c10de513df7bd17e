import type { DatasetSplit, EvalExample, SequenceDataset } from '@clrec/datasets';
import type { PreparedData } from '@clrec/training/node';

/** Held-out next clicks per test user (KDD Table 7: Recall5@50 predicts the next five clicks). */
export const HELD_OUT_CLICKS = 5;

/** A split that holds out each evaluated user's last five clicks, for HR1@50 and Recall5@50. */
export interface NextClicksSplit {
  /** What the trainer trains on (split.valid: the click before the held-out ones; split.test: the first held-out click). */
  data: Omit<PreparedData, 'config'>;
  /** Per test user, the held-out clicks in order (the test target first). */
  futures: Int32Array[];
  /** Counts for the report. */
  stats: { users: number; testUsers: number; trainExamples: number };
}

/**
 * Holds out the future: for each user with at least `next + 3` clicks, the last `next` clicks are the
 * test window (test example: history = everything before it, target = its first click; future = all
 * of it), the click before them is the validation target, and the rest is training data. Shorter users
 * only train. No held-out click is ever a training target, a history click of a training example, or
 * part of a u2u key (those come from the training sequences).
 */
export function nextClicksSplit(ds: SequenceDataset, next = HELD_OUT_CLICKS): NextClicksSplit {
  if (!Number.isInteger(next) || next < 1) throw new Error(`nextClicksSplit: next must be a positive integer, got ${next}`);
  const times = ds.timestamps;
  const train: Int32Array[] = [];
  const trainTimes: Float64Array[] | null = times ? [] : null;
  const valid: EvalExample[] = [];
  const test: EvalExample[] = [];
  const futures: Int32Array[] = [];
  const users: number[] = [];
  const targets: number[] = [];
  for (let u = 0; u < ds.numUsers; u++) {
    const seq = ds.sequences[u];
    const n = seq.length;
    const example = (end: number): EvalExample => ({
      user: u, history: seq.subarray(0, end), historyTimes: times ? times[u].subarray(0, end) : null, target: seq[end], time: times ? times[u][end] : null,
    });
    let end = n;
    if (n >= next + 3) {
      test.push(example(n - next));
      futures.push(seq.subarray(n - next));
      valid.push(example(n - next - 1));
      end = n - next - 1;
    }
    train.push(seq.subarray(0, end));
    trainTimes?.push(times![u].subarray(0, end));
    for (let p = 1; p < end; p++) {
      users.push(u);
      targets.push(p);
    }
  }
  const itemCounts = new Float64Array(ds.numItems + 1);
  for (const s of train) for (let i = 0; i < s.length; i++) itemCounts[s[i]]++;
  const split: DatasetSplit = { kind: 'leave-one-out', train, trainTimes, valid, test, skippedUsers: ds.numUsers - test.length };
  return {
    data: {
      dataset: ds, split, users: Int32Array.from(users), targets: Int32Array.from(targets), itemCounts,
      fingerprint: { name: `${ds.name} (last ${next} held out)`, numUsers: ds.numUsers, numItems: ds.numItems, interactions: ds.report.interactions },
    },
    futures,
    stats: { users: ds.numUsers, testUsers: test.length, trainExamples: users.length },
  };
}
