import type { DatasetSplit, EvalExample, SequenceDataset } from '@clrec/datasets';
import type { PreparedData } from '@clrec/training/node';

/** The US Central offset (UTC−6, no daylight saving) used for MovieLens by default. */
export const DEFAULT_UTC_OFFSET_HOURS = -6;

/** True when a click at `unixSeconds` falls on a Saturday or Sunday in local time UTC+`offsetHours`. */
export function isWeekend(unixSeconds: number, offsetHours = DEFAULT_UTC_OFFSET_HOURS): boolean {
  const day = new Date((unixSeconds + offsetHours * 3600) * 1000).getUTCDay();
  return day === 0 || day === 6;
}

/** A training set of weekday targets and two test sets that differ in the target's day type. */
export interface ShiftSplit {
  /** What the trainer trains on: weekday targets only (split.valid: weekday; split.test: the weekday test). */
  data: Omit<PreparedData, 'config'>;
  /** Per user with a weekday click after its first click: the last one (history = every earlier click). */
  weekdayTest: EvalExample[];
  /** Per user with a weekend click after its first click: the last one (history = every earlier click). */
  weekendTest: EvalExample[];
  /** Counts for the report. */
  stats: {
    users: number;
    /** Users with both test targets. */
    pairedUsers: number;
    /** Users without any weekday click (tested on weekends only, never a training target of their own). */
    weekendOnlyUsers: number;
    trainExamples: number;
    weekendClickShare: number;
    /** Weekend clicks before the users' cuts: in training histories, never training targets. */
    droppedWeekendTargets: number;
  };
}

/**
 * The KDD Table 4 protocol on a timestamped dataset: "train on weekdays' data, test on weekdays / on
 * weekends". Clicks are classified by the day of their timestamp (local time UTC+`offsetHours`).
 * Per user, the last weekday click is the weekday test target and the last weekend click the weekend
 * test target (each when it has an earlier click), with every earlier click (both kinds) as history;
 * nothing from the user's earliest test target on is trained on. Before that cut, the last weekday
 * click is the validation target and the earlier weekday clicks are the training targets (weekend
 * clicks stay in the histories, as in production logs, but are never targets). The weekend test thus
 * also holds users who only click on weekends: the shift of the user distribution KDD Table 4 is about.
 */
export function weekdayWeekendSplit(ds: SequenceDataset, offsetHours = DEFAULT_UTC_OFFSET_HOURS): ShiftSplit {
  if (!ds.timestamps) throw new Error(`shift: dataset "${ds.name}" has no timestamps; the weekday/weekend protocol needs them (e.g. ml-100k)`);
  const train: Int32Array[] = [];
  const trainTimes: Float64Array[] = [];
  const valid: EvalExample[] = [];
  const weekdayTest: EvalExample[] = [];
  const weekendTest: EvalExample[] = [];
  const users: number[] = [];
  const targets: number[] = [];
  let weekendClicks = 0, clicks = 0, dropped = 0, paired = 0, weekendOnly = 0;
  for (let u = 0; u < ds.numUsers; u++) {
    const seq = ds.sequences[u];
    const t = ds.timestamps[u];
    const weekend = Array.from(t, (x) => isWeekend(x, offsetHours));
    clicks += seq.length;
    weekendClicks += weekend.filter(Boolean).length;
    const lastOf = (w: boolean) => weekend.lastIndexOf(w);
    const example = (end: number): EvalExample => ({ user: u, history: seq.subarray(0, end), historyTimes: t.subarray(0, end), target: seq[end], time: t[end] });
    const wTest = lastOf(false);
    const eTest = lastOf(true);
    if (wTest >= 1) weekdayTest.push(example(wTest));
    if (eTest >= 1) weekendTest.push(example(eTest));
    if (wTest >= 1 && eTest >= 1) paired++;
    if (wTest < 0) weekendOnly++;
    const tests = [wTest, eTest].filter((x) => x >= 1);
    let cut = tests.length ? Math.min(...tests) : seq.length;
    const v = cut >= 2 ? weekend.lastIndexOf(false, cut - 1) : -1;
    if (v >= 1) {
      valid.push(example(v));
      cut = v;
    }
    train.push(seq.subarray(0, cut));
    trainTimes.push(t.subarray(0, cut));
    for (let p = 1; p < cut; p++) {
      if (weekend[p]) dropped++;
      else {
        users.push(u);
        targets.push(p);
      }
    }
  }
  const itemCounts = new Float64Array(ds.numItems + 1);
  for (const s of train) for (let i = 0; i < s.length; i++) itemCounts[s[i]]++;
  const split: DatasetSplit = { kind: 'temporal', train, trainTimes, valid, test: weekdayTest, skippedUsers: ds.numUsers - weekdayTest.length };
  return {
    data: {
      dataset: ds, split, users: Int32Array.from(users), targets: Int32Array.from(targets), itemCounts,
      fingerprint: { name: `${ds.name} (weekday targets)`, numUsers: ds.numUsers, numItems: ds.numItems, interactions: ds.report.interactions },
    },
    weekdayTest, weekendTest,
    stats: {
      users: ds.numUsers, pairedUsers: paired, weekendOnlyUsers: weekendOnly, trainExamples: users.length,
      weekendClickShare: weekendClicks / Math.max(1, clicks), droppedWeekendTargets: dropped,
    },
  };
}
