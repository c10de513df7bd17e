import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { type SequenceDataset, simulate } from '@clrec/datasets';
import { beforeAll, describe, expect, it } from 'vitest';
import { BenchProgress } from './progress';
import { runShift } from './shift';
import { parseSeeds, parseShiftArgs } from './shift-args';
import { formatShiftTable } from './shift-report';
import { isWeekend, weekdayWeekendSplit } from './shift-split';

const quiet = new BenchProgress({ write: () => true } as unknown as NodeJS.WritableStream);

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

// 1997-09-22 was a Monday; day d at noon UTC
const day = (d: number) => Date.UTC(1997, 8, 22 + d, 12) / 1000;

function dataset(seqs: number[][], days: number[][]): SequenceDataset {
  return {
    name: 'hand', numUsers: seqs.length, numItems: 9, userIds: seqs.map((_, i) => `u${i}`), itemIds: Array.from({ length: 10 }, (_, i) => (i ? `i${i}` : '')),
    sequences: seqs.map((s) => Int32Array.from(s)), timestamps: days.map((ds) => Float64Array.from(ds, day)), itemFeatures: [],
    report: { file: 'hand', linesRead: 0, interactions: seqs.flat().length, skipped: { count: 0, reasons: {}, examples: [] } },
  };
}

describe('weekday / weekend split', () => {
  it('classifies days in local time', () => {
    expect(isWeekend(day(5), 0)).toBe(true); // Saturday noon UTC
    expect(isWeekend(day(4), 0)).toBe(false); // Friday
    expect(isWeekend(Date.UTC(1997, 8, 27, 3) / 1000, 0)).toBe(true); // Saturday 03:00 UTC …
    expect(isWeekend(Date.UTC(1997, 8, 27, 3) / 1000, -6)).toBe(false); // … is Friday 21:00 in UTC−6
  });

  it('trains on weekday targets before the test targets and tests each user\'s last weekday and last weekend click (hand trace)', () => {
    // user 0: Mon Tue Sat Wed Sun Thu → weekday test = 6 (Thu), weekend test = 5 (Sun); cut at the earlier (index 4);
    //   validation = the last weekday before it (4, Wed); training = [1, 2, 3]: target 2 (Tue); 3 (Sat) stays history only
    // user 1: weekdays only → weekday test = 5; validation = 4; training = [1, 2, 3] with targets 2 and 3
    // user 2: weekends only (Sat Sun Sat) → weekend test = 9 (history 7, 8); no validation; 8 is a weekend click: no target
    const s = weekdayWeekendSplit(dataset([[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5], [7, 8, 9]], [[0, 1, 5, 9, 13, 17], [0, 1, 2, 3, 4], [5, 6, 12]]), 0);
    expect(s.data.split.train.map((x) => Array.from(x))).toEqual([[1, 2, 3], [1, 2, 3], [7, 8]]);
    expect(Array.from(s.data.users)).toEqual([0, 1, 1]);
    expect(Array.from(s.data.targets)).toEqual([1, 1, 2]);
    expect(s.data.split.valid.map((e) => [e.user, Array.from(e.history).length, e.target])).toEqual([[0, 3, 4], [1, 3, 4]]);
    expect(s.weekdayTest.map((e) => [e.user, Array.from(e.history), e.target])).toEqual([[0, [1, 2, 3, 4, 5], 6], [1, [1, 2, 3, 4], 5]]);
    expect(s.weekendTest.map((e) => [e.user, Array.from(e.history), e.target])).toEqual([[0, [1, 2, 3, 4], 5], [2, [7, 8], 9]]);
    expect(s.stats).toMatchObject({ users: 3, pairedUsers: 1, weekendOnlyUsers: 1, trainExamples: 3, droppedWeekendTargets: 2 });
    expect(s.stats.weekendClickShare).toBeCloseTo(5 / 14, 9);
    expect(Array.from(s.data.itemCounts)).toEqual([0, 2, 2, 2, 0, 0, 0, 1, 1, 0]);
  });

  it('needs timestamps', () => {
    expect(() => weekdayWeekendSplit({ ...dataset([[1, 2]], [[0, 1]]), timestamps: null })).toThrow(/no timestamps/);
  });
});

describe('clrec-bench shift', () => {
  it('parses its flags', () => {
    expect(() => parseShiftArgs({})).toThrow('--data: required');
    expect(parseShiftArgs({ data: 'd', intentions: '8', seeds: '1,2,1' })).toMatchObject({
      epochs: 20, arms: ['clrec', 'multi-clrec'], seeds: [1, 2], utcOffsetHours: -6, serveIntentions: 4, overrides: { intentions: 8 }, out: 'bench-results/shift',
    });
    expect(() => parseShiftArgs({ data: 'd', arms: 'mind' })).toThrow('--arms: unknown value "mind"; valid: clrec, multi-clrec');
    expect(() => parseShiftArgs({ data: 'd', utcOffsetHours: '30' })).toThrow(/--utc-offset-hours/);
    expect(() => parseSeeds('a', [1])).toThrow(/--seeds/);
    expect(formatShiftTable([{ arm: 'clrec', label: 'CLRec', seeds: 2, weekday: { mean: 0.1718, std: 0.004 }, weekend: { mean: 0.1716, std: 0 } }]).split('\n')[2])
      .toBe('| CLRec                      |    17.18% ± 0.40 |    17.16% ± 0.00 |');
  });

  it('trains CLRec and Multi-CLRec on weekday targets of a tiny timestamped dataset and writes the Table 4 report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-shift-'));
    const { dataset: sim } = simulate({ seed: 3, numUsers: 200, numItems: 100, numCategories: 5, meanClicks: 10 });
    const lines = sim.sequences.flatMap((s, u) => Array.from(s, (item, k) => `${u} ${item} ${sim.timestamps![u][k]}`));
    const data = join(dir, 'pairs.txt');
    writeFileSync(data, `${lines.join('\n')}\n`);
    const out = join(dir, 'report');
    const report = await runShift({
      data, epochs: 1, arms: ['clrec', 'multi-clrec'], seeds: [42], out, utcOffsetHours: 0, serveIntentions: 2, backend: 'wasm', progress: quiet,
      overrides: { batchSize: 32, queueSize: 64, dim: 8, heads: 2, hidden: 8, maxLen: 10, intentions: 2, patience: 0, checkpointEvery: 0, backend: 'wasm' },
    });
    expect(report.failed).toEqual([]);
    expect(report.summary.map((s) => s.label)).toEqual(['CLRec', 'Multi-CLRec', 'Multi-CLRec, top-2 intentions at serving']);
    expect(report.protocol.weekendTestUsers).toBeGreaterThan(50);
    for (const r of report.runs) for (const v of [r.weekday, r.weekend]) expect(v >= 0 && v <= 1).toBe(true);
    expect(existsSync(join(out, 'shift-multi-clrec-seed42', 'checkpoints', 'best'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'shift.json'), 'utf8')).runs).toHaveLength(3);
    expect(readFileSync(join(out, 'shift.md'), 'utf8')).toMatch(/\| Method \(train on weekdays\) +\| Test on Weekdays \| Test on Weekends \|/);
  });
});
