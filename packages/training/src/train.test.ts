import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { Adam, infoNceLoss, Rng } from '@clrec/core';
import { InterBatchQueue } from '@clrec/queues';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from './checkpoint';
import { buildModelFromConfig } from './model';
import { tinyRun } from './test-setup';
import { train } from './train';
import { trainStep } from './train-step';

const quiet = () => {};

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
});

describe('training', () => {
  it('does not grow tf.memory().numTensors over training steps', () => {
    const { config } = tinyRun();
    const rng = new Rng(1);
    const model = buildModelFromConfig(config, 50, rng);
    const adam = new Adam(model.params);
    const queue = new InterBatchQueue(64);
    const ctx = { itemEncoder: model.item, rng };
    const loss = infoNceLoss();
    const batch = () => ({
      histories: Array.from({ length: 16 }, () => Int32Array.from({ length: 1 + rng.int(9) }, () => 1 + rng.int(50))),
      positives: Int32Array.from({ length: 16 }, () => 1 + rng.int(50)),
    });
    trainStep(model, loss, queue, adam, batch(), { maxLen: 10, ctx }); // warm-up step
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expect(Number.isFinite(trainStep(model, loss, queue, adam, batch(), { maxLen: 10, ctx }))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    adam.dispose();
    model.dispose();
  });

  it('learns: the loss falls and validation beats a random ranking', async () => {
    const { config } = tinyRun({ epochs: 4 });
    const started = Date.now();
    const res = await train({ config, backend: 'wasm', log: quiet });
    const elapsed = (Date.now() - started) / 1000;
    expect(res).not.toBeNull();
    const h = res!.history;
    expect(h[h.length - 1].loss).toBeLessThan(h[0].loss);
    // 150 items: a random ranking has HR@20 ≈ 20/150 = 0.13
    expect(res!.metrics.test['HR@20']).toBeGreaterThan(0.2);
    for (const f of ['results.json', 'results.md', 'item-embeddings.bin', 'item-embeddings.json', 'checkpoints/best/weights.bin', 'checkpoints/last/optimizer.bin']) {
      expect(existsSync(join(config.out, f))).toBe(true);
    }
    const meta = JSON.parse(readFileSync(join(config.out, 'item-embeddings.json'), 'utf8'));
    expect(readFileSync(join(config.out, 'item-embeddings.bin')).byteLength).toBe(meta.rows * meta.dim * 4);
    const saved = JSON.parse(readFileSync(join(config.out, 'results.json'), 'utf8'));
    expect(saved.metrics.test['NDCG@10']).toBe(res!.metrics.test['NDCG@10']);
    expect(saved.wallSeconds.total).toBeGreaterThan(0);
    expect(saved.wallSeconds.total).toBeLessThanOrEqual(elapsed + 0.01);
    expect(saved.wallSeconds.train).toBeLessThanOrEqual(saved.wallSeconds.total);
  });

  it('gives identical metrics for the same seed, different ones for another seed', async () => {
    const a = await train({ config: tinyRun({ epochs: 1 }).config, backend: 'wasm', log: quiet });
    const b = await train({ config: tinyRun({ epochs: 1 }).config, backend: 'wasm', log: quiet });
    const c = await train({ config: tinyRun({ epochs: 1, seed: 7 }).config, backend: 'wasm', log: quiet });
    expect(b!.metrics).toEqual(a!.metrics);
    expect(c!.history[0].loss).not.toBe(a!.history[0].loss);
  });

  it('resumes an interrupted run exactly (weights, optimizer, queue, RNG, epoch)', async () => {
    const full = await train({ config: tinyRun({ epochs: 2 }).config, backend: 'wasm', log: quiet });
    const { config } = tinyRun({ epochs: 2, checkpointEvery: 3 });
    // interrupt in the middle of epoch 2 (each epoch has ~ceil(examples/32) steps)
    const stepsPerEpoch = full!.dataset.trainExamples / 32;
    const stopAt = Math.ceil(stepsPerEpoch) + 4;
    expect(await train({ config, backend: 'wasm', log: quiet, stopAfterSteps: stopAt })).toBeNull();
    const ck = loadCheckpoint(join(config.out, 'checkpoints', 'last'));
    expect(ck.manifest.state.epoch).toBe(1);
    expect(ck.manifest.state.stepInEpoch).toBe(4);
    const resumed = await train({ config, resume: ck, backend: 'wasm', log: quiet });
    expect(resumed!.metrics).toEqual(full!.metrics);
    expect(resumed!.history.map((h) => h.loss)).toEqual(full!.history.map((h) => h.loss));
  });
});
