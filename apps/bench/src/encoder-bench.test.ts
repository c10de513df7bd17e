import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { simulate, writeSequenceFile } from '@clrec/datasets/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEncoderBenchArgs } from './encoder-args';
import type { EncoderBenchReport } from './encoder-report';
import { runEncoders } from './encoder-scenario';
import { ENCODER_VARIANT_NAMES, LABEL_FEATURE_VARIANT_NAMES } from './encoder-variants';
import { runLabelFeatures } from './label-features';
import { BenchProgress } from './progress';

const silent = new BenchProgress({ write: () => true } as unknown as NodeJS.WritableStream, 0);
const small = { batchSize: 16, queueSize: 128, dim: 8, heads: 2, hidden: 8, maxLen: 8, checkpointEvery: 0, backend: 'wasm' as const };

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

/** A tiny simulated log written both as CSV (timestamps + category feature) and as a plain sequence file. */
function tinyData(): { dir: string; csv: string; seq: string } {
  const dir = mkdtempSync(join(tmpdir(), 'clrec-bench-encoders-'));
  const { dataset } = simulate({ seed: 4, numUsers: 120, numItems: 60, numCategories: 4, meanClicks: 9 });
  const cat = dataset.itemFeatures[0].values;
  const rows = ['user,item,ts,category'];
  dataset.sequences.forEach((s, u) => s.forEach((it, k) => rows.push(`u${u},i${it},${dataset.timestamps![u][k]},c${cat[it]}`)));
  const csv = join(dir, 'tiny.csv');
  writeFileSync(csv, `${rows.join('\n')}\n`);
  const seq = join(dir, 'tiny.txt');
  writeSequenceFile(dataset, seq);
  return { dir, csv, seq };
}

describe('encoder benchmarks', () => {
  it('encoders: trains the chosen variants, skips time buckets without timestamps, writes JSON + Markdown', async () => {
    const { dir, csv, seq } = tinyData();
    const before = tf.memory().numTensors;
    const args = parseEncoderBenchArgs({ data: csv, csvColumns: 'user=user,item=item,timestamp=ts,features=category', epochs: '1', variants: 'back-pos-tbe,mean-heads,sasrec', out: join(dir, 'a') }, ENCODER_VARIANT_NAMES, 10);
    const rep = await runEncoders(args, 'wasm', { overrides: small, progress: silent });
    expect(rep.failed).toEqual([]);
    expect(rep.rows.map((r) => r.variant)).toEqual(['back-pos-tbe', 'mean-heads', 'sasrec']);
    expect(rep.rows[0].settings).toMatchObject({ positional: 'backward', timeBuckets: 'log2', itemFeatures: 'category' });
    expect(rep.rows[1].settings).toMatchObject({ headAggregation: 'mean', similarity: 'dot', temperature: 1 });
    expect(rep.rows[2].settings).toMatchObject({ userEncoder: 'sasrec', timeBuckets: 'none' });
    expect(rep.rows[2].epochs).toBe(5); // epochScale
    for (const r of rep.rows) {
      expect(r.hr50).toBeGreaterThanOrEqual(r.hr10);
      expect(r.diversity50).toBeGreaterThan(0);
    }
    const json = JSON.parse(readFileSync(join(dir, 'a', 'encoders.json'), 'utf8')) as EncoderBenchReport;
    expect(json.rows).toHaveLength(3);
    expect(readFileSync(join(dir, 'a', 'encoders.md'), 'utf8')).toContain('| positions / time (Table 11) | BackPosEmb + TBE');
    const noTime = await runEncoders({ ...args, data: seq, csvColumns: undefined, variants: ['tbe'], out: join(dir, 'b') }, 'wasm', { overrides: small, progress: silent });
    expect(noTime.rows).toEqual([]);
    expect(noTime.skipped[0].reason).toMatch(/has no timestamps/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('label-features: ids only, features in histories only, features on both sides', async () => {
    const { dir, csv } = tinyData();
    const args = parseEncoderBenchArgs({ data: csv, csvColumns: 'user=user,item=item,features=category', epochs: '1', out: dir }, LABEL_FEATURE_VARIANT_NAMES, 10);
    const rep = await runLabelFeatures(args, 'wasm', { overrides: small, progress: silent });
    expect(rep.failed).toEqual([]);
    expect(rep.rows.map((r) => [r.settings.itemFeatures, r.settings.labelFeatures])).toEqual([['none', true], ['category', false], ['category', true]]);
    expect(readFileSync(join(dir, 'label-features.md'), 'utf8')).toContain('CLRec + negatives w/o features');
  });

  it('validates its flags', () => {
    expect(() => parseEncoderBenchArgs({}, ENCODER_VARIANT_NAMES, 10)).toThrow(/--data: required/);
    expect(() => parseEncoderBenchArgs({ data: 'x', variants: 'lstm' }, ENCODER_VARIANT_NAMES, 10)).toThrow(/unknown value "lstm"; valid: fwd-pos, back-pos/);
  });
});
