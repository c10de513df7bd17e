import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { infoNceLoss, LazyAdam, Rng } from '@clrec/core';
import { leaveOneOutSplit, simulate } from '@clrec/datasets';
import { InterBatchQueue } from '@clrec/queues';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, restoreParams } from './checkpoint';
import { prepareData } from './data';
import { checkpointCallback } from './checkpoint-callback';
import { fit } from './fit';
import { loadModel, modelFromCheckpoint } from './load-model';
import { buildModel, buildModelFromConfig, encodeUsers, type Model } from './model';
import { loadServingModel } from './serve-model';
import { tinyFeatureCsv, tinyRun } from './test-setup';
import { train } from './train';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});


const vectors = (m: Model, q: Parameters<typeof encodeUsers>[1], maxLen = 10) => tf.tidy(() => encodeUsers(m, q, maxLen).arraySync() as number[][]);

describe('checkpoints hold the model options (format versions 2 and 3)', () => {
  it('rebuild the model (features, time buckets) from the checkpoint alone; version 1 loads from its recipe; other versions fail by name', async () => {
    const { dir, config } = tinyRun();
    const base = { ...config, data: tinyFeatureCsv(dir), csvColumns: 'user=user,item=item,timestamp=ts,features=category', epochs: 1 };
    const res = await train({ config: base, backend: 'wasm', log: () => {} });
    const ckDir = join(base.out, 'checkpoints', 'best');
    const manifest = JSON.parse(readFileSync(join(ckDir, 'checkpoint.json'), 'utf8'));
    expect(manifest.version).toBe(3);
    expect(manifest.model.user).toEqual({ kind: 'multiatt-wha', maxLen: 10, positional: 'forward', heads: 2, hidden: 16, aggregation: 'wha' });
    expect(manifest.model.item.features).toEqual([{ name: 'category', cardinality: 5 }]);
    expect(manifest.model.timeBuckets).toBeGreaterThan(0);

    // reference: the recipe + the dataset, as before
    const prepared = prepareData(res!.config, () => {});
    const reference = buildModelFromConfig(res!.config, prepared.dataset.numItems, new Rng(9), prepared.dataset);
    restoreParams(loadCheckpoint(ckDir), reference.params);
    const queries = prepared.split.test.slice(0, 5);
    const want = vectors(reference, queries);

    const before = tf.memory().numTensors;
    const { model } = loadModel(ckDir); // no recipe, no dataset
    expect(vectors(model, queries)).toEqual(want);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);

    // a version-1 checkpoint (no model options): rebuilt from its recipe, with the dataset's features
    const v1 = { ...manifest, version: 1 };
    delete v1.model;
    writeFileSync(join(ckDir, 'checkpoint.json'), JSON.stringify(v1));
    const old = loadCheckpoint(ckDir);
    expect(() => modelFromCheckpoint(old)).toThrow(/format-version-1 checkpoint of a model with item features; pass the dataset's itemFeatures/);
    const fromV1 = modelFromCheckpoint(old, prepared.dataset);
    expect(vectors(fromV1, queries)).toEqual(want);
    fromV1.dispose();

    writeFileSync(join(ckDir, 'checkpoint.json'), JSON.stringify({ ...manifest, version: 4 }));
    expect(() => loadCheckpoint(ckDir)).toThrow(/checkpoint\.json: format version 4 is not supported; this build reads versions 1, 2 and 3/);
    reference.dispose();
  });
});

describe('checkpoints saved from the library', () => {
  it('need no recipe: fit + checkpointCallback, then loadModel and loadServingModel rebuild the model', async () => {
    const { dataset } = simulate({ seed: 8, numUsers: 100, numItems: 30, numCategories: 3, meanClicks: 8 });
    const split = leaveOneOutSplit(dataset);
    const model = buildModel({
      numItems: dataset.numItems, dim: 8, similarity: 'cosine', item: { features: [], labelFeatures: true }, timeBuckets: 0, u2uKey: false,
      user: { kind: 'mean-mlp', maxLen: 6, positional: 'forward' },
    }, new Rng(3));
    const queue = new InterBatchQueue(64);
    const optimizer = new LazyAdam(model.params);
    const dir = join(mkdtempSync(join(tmpdir(), 'clrec-lib-ck-')), 'checkpoints');
    const dataFacts = { name: 'sim-small', numUsers: dataset.numUsers, numItems: dataset.numItems, interactions: 0 };
    await fit({
      model, loss: infoNceLoss(), queue, optimizer, data: { sequences: split.train }, epochs: 1, batchSize: 32, maxLen: 6,
      callbacks: [checkpointCallback({ dir, meta: { dataset: dataFacts, itemIds: dataset.itemIds } })],
    });
    const queries = split.test.slice(0, 4);
    const want = vectors(model, queries, 6);
    const { model: loaded, checkpoint } = loadModel(join(dir, 'last'));
    expect(checkpoint.manifest.config).toBeUndefined();
    expect(vectors(loaded, queries, 6)).toEqual(want);
    loaded.dispose();
    const serving = loadServingModel(join(dir, 'last'));
    expect(serving.numItems).toBe(dataset.numItems);
    expect(serving.config.maxLen).toBe(6); // the model's own history length, no recipe needed
    serving.dispose();
    queue.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
