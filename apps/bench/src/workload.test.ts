import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend';
import { Adam } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEfficiency } from './efficiency';
import type { EfficiencyReport } from './efficiency-report';
import { LazyAdam } from './lazy-adam';
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

  it('writes efficiency.json and efficiency.md for a tiny grid without the peer', async () => {
    const out = mkdtempSync(join(tmpdir(), 'clrec-bench-'));
    const report = await runEfficiency({
      shape: tinyWorkload(), settings: ['plain', 'rich-label'], variants: ['cached', 'sampled-softmax'], steps: 2, warmup: 1,
      peer: null, peerSkippedReason: 'test', out, backend: { name: 'wasm', threads: 1 }, progress: silent,
    });
    expect(report.cells.map((c) => `${c.setting}/${c.variant}/${c.order}`)).toEqual([
      'plain/cached/ours-first', 'plain/sampled-softmax/peer-first', 'rich-label/cached/ours-first', 'rich-label/sampled-softmax/peer-first',
    ]);
    const json = JSON.parse(readFileSync(join(out, 'efficiency.json'), 'utf8')) as EfficiencyReport;
    expect(json.cells).toHaveLength(4);
    expect(json.peer).toEqual({ requested: true, ran: false, skippedReason: 'test' });
    expect(json.cachedOverSampled.plain?.ours).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'efficiency.md'), 'utf8')).toContain('| rich-label | sampled-softmax |');
  });
});

describe('LazyAdam', () => {
  it('equals dense Adam on touched rows and leaves untouched rows and their moments alone', () => {
    const init = [[1, 2], [3, 4], [5, 6]];
    const mk = () => ({ name: 'emb', variable: tf.variable(tf.tensor2d(init)) });
    const dense = mk();
    const lazy = mk();
    const a = new Adam([dense], { learningRate: 0.1 });
    const l = new LazyAdam([lazy], ['emb'], { learningRate: 0.1 });
    const before = tf.memory().numTensors;
    const g1 = tf.tensor2d([[0.5, -1], [0, 0], [2, 0.25]]);
    a.apply(new Map([['emb', g1]]));
    l.apply(new Map([['emb', g1]]));
    const dv = dense.variable.arraySync() as number[][];
    const lv = lazy.variable.arraySync() as number[][];
    for (const r of [0, 2]) for (const j of [0, 1]) expect(lv[r][j]).toBeCloseTo(dv[r][j], 5);
    expect(lv[1]).toEqual([3, 4]); // untouched row unchanged
    g1.dispose();
    // row 1 touched for the first time at step 2: its moments start from zero (lazy), so its first move is lr-sized
    const g2 = tf.tensor2d([[0, 0], [1, 1], [0, 0]]);
    l.apply(new Map([['emb', g2]]));
    const after = lazy.variable.arraySync() as number[][];
    expect(after[0]).toEqual(lv[0]);
    expect(Math.abs(after[1][0] - 3)).toBeGreaterThan(0.05);
    g2.dispose();
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
    l.dispose();
    dense.variable.dispose();
    lazy.variable.dispose();
    expect(() => new LazyAdam([], ['nope'])).toThrow('LazyAdam: no parameter named "nope"');
  });
});
