import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
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
    expect(json.cells[0].peerRuns).toEqual([]);
    expect(json.ours.gemm).toMatch(/^(bundled GEMM|BLAS |WASM only \(native addon off: )/);
    expect(Object.keys(json.ours.nativeEnv)).toEqual(['CLREC_BLAS', 'CLREC_NATIVE', 'CLREC_NATIVE_THREADS']);
    expect(readFileSync(join(out, 'throughput.md'), 'utf8')).toContain(`GEMM path (ours): ${json.ours.gemm}`);
    expect(json.cachedOverSampled.plain?.ours).toBeGreaterThan(0);
    expect(json.cells[0].ours.memory.rss).toBeGreaterThan(json.cells[0].ours.memory.tensorBytes);
    expect(readFileSync(join(out, 'throughput.md'), 'utf8')).toContain('| rich-label | sampled-softmax |');
  });

  it('runs the peer at each thread count, records every run and compares ours with the fastest (a stand-in peer, no torch)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'clrec-bench-'));
    // Stands in for peer_torch.py: node prints its JSON line; faster on 1 thread than on 2, fails on 3.
    const script = join(out, 'fake-peer.cjs');
    writeFileSync(script, [
      "const t = Number(process.env.OMP_NUM_THREADS);",
      "const i = process.argv.indexOf('--threads');",
      "if (Number(process.argv[i + 1]) !== t) { console.error('threads mismatch'); process.exit(2); }",
      "if (t === 3) { console.error('boom'); process.exit(1); }",
      "const eps = t === 1 ? 1000 : 800;",
      "console.log(JSON.stringify({ peer: 'fake', torch: 'none', threads: t, step_ms: 8000 / eps, pos_per_s: eps, loss: 1 }));",
    ].join('\n'));
    const report = await runEfficiency({
      shape: tinyWorkload(), settings: ['features'], variants: ['cached'], steps: 1, warmup: 0,
      peer: { python: process.execPath, script, threads: [2, 1, 3] }, peerTorch: 'none', out, backend: { name: 'wasm', threads: 1 },
      nativeEnv: { CLREC_BLAS: null, CLREC_NATIVE: '0', CLREC_NATIVE_THREADS: null }, progress: silent,
    });
    const c = report.cells[0];
    expect(c.peerRuns.map((r) => [r.threads, r.examplesPerSecond, r.best])).toEqual([[2, 800, false], [1, 1000, true]]);
    expect(c.peer).toMatchObject({ threads: 1, examplesPerSecond: 1000 });
    expect(c.ratio).toBeCloseTo(c.ours.examplesPerSecond / 1000, 9);
    expect(c.peerError).toMatch(/^3 threads: peer: .* exited with 1: boom$/);
    const json = JSON.parse(readFileSync(join(out, 'throughput.json'), 'utf8')) as EfficiencyReport;
    expect(json.peer).toMatchObject({ requested: true, ran: true, threads: [2, 1, 3] });
    expect(json.ours.nativeEnv.CLREC_NATIVE).toBe('0');
    const md = readFileSync(join(out, 'throughput.md'), 'utf8');
    expect(md).toContain('| peer ex/s 2 thr | peer ex/s 1 thr | peer ex/s 3 thr | best peer ex/s |');
    expect(md).toContain('at 2, 1 and 3 threads; each cell compares ours with the faster (best peer); best peer at 1 thread in 1 cell');
    expect(md).toContain('CLREC_NATIVE=0');
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
