import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { simulate, writeSequenceFile } from '@clrec/datasets/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { AggregateDiversity } from './aggregate-diversity';
import { BenchProgress } from './progress';
import { runSampling } from './sampling';
import type { SamplingReport } from './sampling-report';

const silent = new BenchProgress({ write: () => true } as unknown as NodeJS.WritableStream, 0);

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

describe('aggregate diversity', () => {
  it('counts the distinct items in the union of the users\' top-K lists (hand example)', () => {
    // 3 users x 6 candidate ids (0 = padding, never recommended), K = 2
    const scores = Float32Array.from([
      9, 0.9, 0.8, 0.1, 0.0, 0.2, // user 0: top-2 {1, 2}
      9, 0.1, 0.9, 0.8, 0.0, 0.2, // user 1: top-2 {2, 3}
      9, 0.9, 0.8, 0.7, 0.6, 0.5, // user 2: top-2 {1, 2}, or {3, 4} when 1 and 2 are its history
    ]);
    const plain = new AggregateDiversity(6, 2);
    plain.add(scores, 3);
    expect([plain.distinct, plain.count]).toEqual([3, 3]);
    expect(plain.coverage).toBeCloseTo(3 / 5);
    const excl = new AggregateDiversity(6, 2);
    excl.add(scores.subarray(0, 12), 2);
    excl.add(scores.subarray(12), 1, () => [1, 2]);
    expect(excl.distinct).toBe(4); // {1, 2, 3} ∪ {3, 4}
    const ties = new AggregateDiversity(4, 2);
    ties.add(Float32Array.from([5, 1, 1, 1]), 1); // equal scores: the smaller ids win, padding 0 never
    expect([ties.distinct, ties.coverage]).toEqual([2, 2 / 3]);
    expect(() => plain.add(scores, 2)).toThrow('18 scores, expected 2 x 6');
  });
});

describe('sampling scenario', () => {
  it('trains each objective with the trainer and measures top-50 diversity on its test users', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-bench-sampling-'));
    const { dataset } = simulate({ seed: 3, numUsers: 200, numItems: 120, numCategories: 6, meanClicks: 10 });
    const data = join(dir, 'tiny.txt');
    writeSequenceFile(dataset, data);
    const before = tf.memory().numTensors;
    const report = await runSampling({
      data, epochs: 1, objectives: ['infonce-cached', 'sampled-softmax', 'full-softmax'], out: join(dir, 'out'), maxEvalUsers: 0, backend: 'wasm', progress: silent,
      overrides: { batchSize: 32, queueSize: 64, dim: 8, heads: 2, hidden: 8, maxLen: 8, checkpointEvery: 0, backend: 'wasm' },
    });
    expect(report.failed).toEqual([]);
    expect(report.rows.map((r) => `${r.loss}+${r.queue}`)).toEqual(['infonce+cached', 'sampled-softmax+sampled', 'full-softmax+full']);
    for (const r of report.rows) {
      expect(r.hr50Check).toBeCloseTo(r.hr50, 6); // our scoring reproduces the trainer's test evaluation
      expect(r.diversity50).toBeGreaterThanOrEqual(50);
      expect(r.diversity50).toBeLessThanOrEqual(report.dataset.numItems);
      expect(r.examplesPerSecond).toBeGreaterThan(0);
      expect(r.runDir).toBe(join(dir, 'out', r.objective));
    }
    const json = JSON.parse(readFileSync(join(dir, 'out', 'sampling.json'), 'utf8')) as SamplingReport;
    expect(json.rows).toHaveLength(3);
    expect(readFileSync(join(dir, 'out', 'sampling.md'), 'utf8')).toContain('| infonce-cached');
    expect(tf.memory().numTensors).toBe(before);
  });
});
