import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { Adam, infoNceLoss, Rng } from '@clrec/core';
import { InterBatchQueue } from '@clrec/queues';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyConfig, DEFAULT_CONFIG, withEncoderDefaults } from './config';
import { loadCheckpoint } from './checkpoint';
import { buildModelFromConfig } from './model';
import { ownItemsMaskIndices } from './own-items-mask';
import { chunkSequences, packSequences } from './sequence-packing';
import { trainStep } from './train-step';
import { tinyRun } from './test-setup';
import { train } from './train';

const quiet = () => {};

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
});

describe('packSequences / chunkSequences', () => {
  it('makes every click but the last an input whose target is the next click, left-padded', () => {
    const p = packSequences([[5, 6, 7], [8, 9], [4]], 3);
    // inputs [5,6] / [8] / [] packed to T = 2; targets [6,7] / [9]
    expect(Array.from(p.inputs.items)).toEqual([5, 6, 0, 8, 0, 0]);
    expect(Array.from(p.flat)).toEqual([0, 1, 3]);
    expect(Array.from(p.positives)).toEqual([6, 7, 9]);
    expect(Array.from(p.rows)).toEqual([0, 0, 1]);
    // only the last maxLen positions of a long sequence
    const q = packSequences([[1, 2, 3, 4, 5]], 2);
    expect(Array.from(q.inputs.items)).toEqual([3, 4]);
    expect(Array.from(q.positives)).toEqual([4, 5]);
  });

  it('chunks rows by length and keeps each row\'s positives and row index', () => {
    const seqs = [[1, 2, 3, 4, 5, 6], [7, 8], [9, 10, 11], [12]];
    const c = chunkSequences(seqs, 10, 2);
    // sorted by length: rows 3 (1), 1 (2), 2 (3), 0 (6); chunk [3, 1] packs to T = 1, chunk [2, 0] to T = 5
    expect(c.chunks.map((k) => Array.from(k.rows))).toEqual([[3, 1], [2, 0]]);
    expect(c.chunks.map((k) => k.packed.inputs.maxLen)).toEqual([1, 5]);
    expect(Array.from(c.positives)).toEqual([8, 10, 11, 2, 3, 4, 5, 6]);
    expect(Array.from(c.rows)).toEqual([1, 2, 2, 0, 0, 0, 0, 0]);
    // inputs of length 5, 4, 3 are all at least half the longest: one chunk even with minRows 1
    expect(chunkSequences([[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5], [1, 2, 3, 4]], 10, 1).chunks).toHaveLength(1);
    // an empty sequence contributes no chunk and no position
    expect(chunkSequences([[], [4, 5]], 10, 1).positives).toEqual(Int32Array.of(5));
  });
});

describe('ownItemsMaskIndices', () => {
  it('masks keys holding any item of the row\'s user except the row\'s own positive key', () => {
    // keys: ids [3, 5, 3, 9]; row 0 (user 0 clicked 3, 5) has its positive at key 0,
    // row 1 (user 1 clicked 9) at key 3
    const flat = ownItemsMaskIndices(Int32Array.of(0, 1), [[3, 5, 3], [9]], Int32Array.of(3, 5, 3, 9), Int32Array.of(0, 3));
    // row 0: keys 1 (5) and 2 (the other 3) -> 0*4+1, 0*4+2; row 1: nothing (key 3 is its positive)
    expect(flat.sort((a, b) => a - b)).toEqual([1, 2]);
  });
});

describe('trainStep on sequence batches', () => {
  it('trains SASRec with a loss at every position without leaking tensors; a too-small FIFO queue is an actionable error', () => {
    const { config } = tinyRun();
    const cfg = applyConfig(withEncoderDefaults(config, 'sasrec'), { dim: 8, heads: 2, maxLen: 6, trainPositions: 'all' }, 'test');
    const rng = new Rng(3);
    const model = buildModelFromConfig(cfg, 40, rng);
    const adam = new Adam(model.params);
    const queue = new InterBatchQueue(200);
    const ctx = { itemEncoder: model.item, rng };
    const batch = () => Array.from({ length: 8 }, () => Int32Array.from({ length: 2 + rng.int(9) }, () => 1 + rng.int(40)));
    const opts = { maxLen: 6, ctx, dropoutSeed: 1, maskOwnItems: true };
    trainStep(model, infoNceLoss(), queue, adam, { kind: 'sequences', sequences: batch(), dropoutSeed: opts.dropoutSeed }, opts); // warm-up
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) expect(Number.isFinite(trainStep(model, infoNceLoss(), queue, adam, { kind: 'sequences', sequences: batch(), dropoutSeed: i }, opts))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    const small = new InterBatchQueue(10);
    expect(() => trainStep(model, infoNceLoss(), small, adam, { kind: 'sequences', sequences: batch(), dropoutSeed: opts.dropoutSeed }, opts)).toThrow(/raise --queue-size to at least --batch-size x --max-len/);
    adam.dispose();
    model.dispose();
  });

  it('learns a deterministic successor rule far better than chance (every-position loss end to end)', async () => {
    const { dir, config } = tinyRun();
    // 40 items in a cycle: the click after item i is always i % 40 + 1
    const lines: string[] = [];
    const rng = new Rng(9);
    for (let u = 1; u <= 120; u++) {
      const start = rng.int(40);
      const len = 5 + rng.int(8);
      lines.push([u, ...Array.from({ length: len }, (_, i) => ((start + i) % 40) + 1)].join(' '));
    }
    const data = join(dir, 'cycle.txt');
    writeFileSync(data, `${lines.join('\n')}\n`);
    const cfg = applyConfig(withEncoderDefaults(config, 'sasrec'), {
      data, epochs: 3, batchSize: 8, queueSize: 400, dim: 16, maxLen: 10, dropout: 0, learningRate: 0.005, patience: 0, out: join(dir, 'cyc'),
    }, 'test');
    const res = await train({ config: cfg, backend: 'wasm', log: quiet });
    expect(res!.config.trainPositions).toBe('all');
    // chance: HR@10 = 10/40 = 0.25
    expect(res!.metrics.test['HR@10']).toBeGreaterThan(0.6);
  });

  it('resumes an interrupted SASRec run exactly (dropout seeds come from the checkpointed sampler RNG)', async () => {
    const { config } = tinyRun();
    const cfg = (out: string) => applyConfig(withEncoderDefaults(config, 'sasrec'), {
      epochs: 2, batchSize: 32, queueSize: 320, dim: 8, maxLen: 10, checkpointEvery: 2, patience: 0, out,
    }, 'test');
    const full = await train({ config: cfg(`${config.out}-full`), backend: 'wasm', log: quiet });
    const c = cfg(`${config.out}-cut`);
    expect(await train({ config: c, backend: 'wasm', log: quiet, stopAfterSteps: 13 })).toBeNull();
    const resumed = await train({ config: c, resume: loadCheckpoint(join(c.out, 'checkpoints', 'last')), backend: 'wasm', log: quiet });
    expect(resumed!.history.map((h) => h.loss)).toEqual(full!.history.map((h) => h.loss));
    expect(resumed!.metrics).toEqual(full!.metrics);
  });
});
