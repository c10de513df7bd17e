import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEfficiency } from './efficiency';
import { type EfficiencyReport, formatEfficiencyMarkdown } from './efficiency-report';
import { BenchProgress } from './progress';
import { makeBatches, makeCatalog } from './synthetic-data';
import { tinyWorkload } from './test-setup';
import { SETTINGS, VARIANTS } from './workload-config';
import { buildWorkloadModel } from './workload-model';
import { runWorkload } from './workload-run';

const silent = new BenchProgress({ write: () => true } as unknown as NodeJS.WritableStream, 0);

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

describe('throughput workload', () => {
  it.each(SETTINGS)('runs 2 steps of every variant (%s) with a finite loss and no tensor leak', (setting) => {
    const shape = tinyWorkload();
    const catalog = makeCatalog(shape, setting);
    const before = tf.memory().numTensors;
    for (const variant of VARIANTS) {
      for (const dedupe of [true, false]) {
        const r = runWorkload(shape, setting, variant, catalog, { steps: 2, warmup: 0, dedupe });
        expect(r.leakedTensors, `${setting}/${variant}`).toBe(0);
        expect(Number.isFinite(r.loss) && r.loss > 0).toBe(true);
        expect(r.examplesPerSecond).toBeGreaterThan(0);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds the model of each setting: features and the content MLP only where configured', () => {
    const shape = tinyWorkload();
    const names = (s: (typeof SETTINGS)[number]) => {
      const m = buildWorkloadModel(shape, makeCatalog(shape, s));
      const out = m.params.map((p) => p.name);
      m.dispose();
      return out;
    };
    const user = ['history.time_embedding', 'user.att_mlp.w1', 'user.att_mlp.b1', 'user.att_mlp.w2', 'user.att_mlp.b2', 'user.wha.A', 'user.position_embedding'];
    expect(names('plain')).toEqual(['item.id_embedding', ...user]);
    expect(names('features')).toEqual(['item.id_embedding', 'item.feature_embeddings', 'item.feature_projection', ...user]);
    expect(names('rich-label')).toContain('item.content_mlp.w1');
  });

  it('draws the same synthetic data for the same seed, with lengths in minLen..seqLen', () => {
    const shape = tinyWorkload();
    const cat = makeCatalog(shape, 'features');
    const a = makeBatches(shape, cat.popularity, 2);
    const b = makeBatches(shape, cat.popularity, 2);
    expect(a[1].positives).toEqual(b[1].positives);
    for (const h of a[0].histories) expect(h.length >= shape.minLen && h.length <= shape.seqLen).toBe(true);
    expect(Math.max(...a.flatMap((x) => Array.from(x.positives)))).toBeLessThanOrEqual(shape.catalog);
  });

  it('writes throughput.json and throughput.md for a tiny grid without the peer', async () => {
    const out = mkdtempSync(join(tmpdir(), 'clrec-bench-'));
    const report = await runEfficiency({
      shape: tinyWorkload(), settings: ['plain', 'rich-label'], variants: ['cached', 'sampled-softmax'], steps: 2, warmup: 1,
      peer: null, peerSkippedReason: 'test', out, backend: { name: 'wasm', threads: 1 }, progress: silent,
    });
    expect(report.cells.map((c) => `${c.setting}/${c.variant}/${c.order}`)).toEqual([
      'plain/cached/ours-first', 'plain/sampled-softmax/peer-first', 'rich-label/cached/ours-first', 'rich-label/sampled-softmax/peer-first',
    ]);
    const json = JSON.parse(readFileSync(join(out, 'throughput.json'), 'utf8')) as EfficiencyReport;
    expect(json.cells).toHaveLength(4);
    expect(json.scenario).toBe('throughput');
    expect(json.peer).toEqual({ requested: true, ran: false, skippedReason: 'test' });
    expect(json.cachedOverSampled.plain?.ours).toBeGreaterThan(0);
    expect(json.cells[0].ours.memory.rss).toBeGreaterThan(json.cells[0].ours.memory.tensorBytes);
    expect(readFileSync(join(out, 'throughput.md'), 'utf8')).toContain('| rich-label | sampled-softmax |');
  });

  it('sweeps catalog sizes (smallest first) and writes the sweep table', async () => {
    const shape = tinyWorkload();
    const report = await runEfficiency({
      shape, catalogs: [shape.catalog * 4, shape.catalog], settings: ['features'], variants: ['inter'], steps: 1, warmup: 0,
      peer: null, out: null, backend: { name: 'wasm', threads: 1 }, progress: silent,
    });
    expect(report.catalogs).toEqual([shape.catalog, shape.catalog * 4]);
    expect(report.cells.map((c) => c.catalog)).toEqual([shape.catalog, shape.catalog * 4]);
    expect(formatEfficiencyMarkdown(report)).toContain('Catalog-size sweep');
  });

  it('makes the same first update with lazy and dense Adam (touched-row gradients equal the dense ones)', () => {
    const shape = tinyWorkload();
    const catalog = makeCatalog(shape, 'features');
    const lazy = runWorkload(shape, 'features', 'cached', catalog, { steps: 2, warmup: 0, optimizer: 'lazy' });
    const dense = runWorkload(shape, 'features', 'cached', catalog, { steps: 2, warmup: 0, optimizer: 'dense' });
    // At Adam's first step the lazy and dense updates coincide (untouched rows have zero moments), so the
    // second step's loss (after one update) is the same: the touched-row gradients equal the dense ones.
    expect(lazy.loss).toBeCloseTo(dense.loss, 5);
    expect(lazy.memory.optimizerHost).toBeGreaterThan(0);
    expect(dense.memory.optimizerHost).toBe(0);
  });
});
