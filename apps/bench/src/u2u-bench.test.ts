import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { type SequenceDataset, simulate, writeSequenceFile } from '@clrec/datasets/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { BenchProgress } from './progress';
import { runU2uBench } from './u2u-bench';
import { parseU2uBenchArgs } from './u2u-bench-args';
import { formatU2uTable } from './u2u-bench-report';
import { nextClicksSplit } from './u2u-bench-split';

const quiet = new BenchProgress({ write: () => true } as unknown as NodeJS.WritableStream);

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

describe('next-clicks split', () => {
  it('holds out the last 5 clicks of users with at least 8 and never trains on them (hand trace)', () => {
    const seqs = [[1, 2, 3, 4, 5, 6, 7, 8, 9], [9, 8, 7, 6, 5, 4, 3]];
    const ds = {
      name: 'hand', numUsers: 2, numItems: 9, userIds: ['a', 'b'], itemIds: [], sequences: seqs.map((s) => Int32Array.from(s)), timestamps: null,
      itemFeatures: [], report: { file: 'hand', linesRead: 0, interactions: 16, skipped: { count: 0, reasons: {}, examples: [] } },
    } as SequenceDataset;
    const s = nextClicksSplit(ds);
    // user 0 (9 clicks): future = 5..9, validation target 4 (history 1..3), training 1..3; user 1 (7 < 8 clicks): all training
    expect(s.futures.map((f) => Array.from(f))).toEqual([[5, 6, 7, 8, 9]]);
    expect(s.data.split.test.map((e) => [Array.from(e.history), e.target])).toEqual([[[1, 2, 3, 4], 5]]);
    expect(s.data.split.valid.map((e) => [Array.from(e.history), e.target])).toEqual([[[1, 2, 3], 4]]);
    expect(s.data.split.train.map((x) => Array.from(x))).toEqual([[1, 2, 3], [9, 8, 7, 6, 5, 4, 3]]);
    expect(Array.from(s.data.users)).toEqual([0, 0, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(s.data.targets)).toEqual([1, 2, 1, 2, 3, 4, 5, 6]);
    expect(s.stats).toEqual({ users: 2, testUsers: 1, trainExamples: 8 });
  });
});

describe('clrec-bench u2u', () => {
  it('parses its flags and formats the Table 7 shape', () => {
    expect(() => parseU2uBenchArgs({})).toThrow('--data: required');
    expect(parseU2uBenchArgs({ data: 'd' })).toMatchObject({ epochs: 20, arms: ['u2i', 'u2u'], seeds: [42], u2uWeight: 1, maxEvalUsers: 0, out: 'bench-results/u2u' });
    expect(() => parseU2uBenchArgs({ data: 'd', u2uWeight: '0' })).toThrow(/--u2u-weight: a number > 0/);
    expect(formatU2uTable([{ arm: 'u2i', label: 'CLRec-u2i', seeds: 1, hr1At50: { mean: 0.179, std: 0 }, recall5At50: { mean: 0.121, std: 0 } }]).split('\n')[2])
      .toBe('| CLRec-u2i             | 17.90% |     12.10% |');
  });

  it('trains u2i and u2u + u2i on a tiny dataset and writes HR1@50 / Recall5@50', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-u2u-'));
    const { dataset } = simulate({ seed: 3, numUsers: 200, numItems: 100, numCategories: 5, meanClicks: 12 });
    const data = join(dir, 'tiny.txt');
    writeSequenceFile(dataset, data);
    const out = join(dir, 'report');
    const report = await runU2uBench({
      data, epochs: 1, arms: ['u2i', 'u2u'], seeds: [42], u2uWeight: 1, out, maxEvalUsers: 0, backend: 'wasm', progress: quiet,
      overrides: { batchSize: 32, queueSize: 64, dim: 8, heads: 2, hidden: 8, maxLen: 10, patience: 0, checkpointEvery: 0, backend: 'wasm' },
    });
    expect(report.failed).toEqual([]);
    expect(report.summary.map((s) => s.label)).toEqual(['CLRec-u2i', 'CLRec-u2u, cached']);
    for (const r of report.runs) {
      expect(r.hr1At50).toBeGreaterThan(0);
      expect(r.recall5At50).toBeGreaterThan(0);
      expect(r.trainerHr50).toBeCloseTo(r.hr1At50, 6); // same test users, same first held-out click
    }
    expect(existsSync(join(out, 'u2u-u2u-seed42', 'checkpoints', 'best'))).toBe(true);
    expect(readFileSync(join(out, 'u2u.md'), 'utf8')).toContain('| Task & Implementation | HR1@50 | Recall5@50 |');
  });
});
