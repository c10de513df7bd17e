import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { Rng } from '@clrec/core';
import { exactIndexFactory } from '@clrec/retrieval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetFingerprint, loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint';
import { modelFromParsedCheckpoint } from './checkpoint-model';
import { type CheckpointInput, parseCheckpoint } from './checkpoint-parse';
import { recommenderFromCheckpoint } from './checkpoint-recommender';
import { loadModel } from './load-model';
import { buildModel, encodeUsers, type ModelOptions } from './model';
import { Recommender } from './serve-recommender';
import { loadServingModel } from './serve-model';

const root = mkdtempSync(join(tmpdir(), 'clrec-ck-parse-'));
const dataset: DatasetFingerprint = { name: 'unit', numUsers: 5, numItems: 20, interactions: 40 };
const state = { epoch: 1, stepInEpoch: 0, globalStep: 7, history: [], best: null, sinceBest: 0 } as unknown as TrainingState;
const category = { name: 'category', cardinality: 4, values: Int32Array.from({ length: 21 }, (_, i) => (i === 0 ? 0 : 1 + (i % 3))) };
const options = (features: boolean): ModelOptions => ({
  numItems: 20, dim: 4, similarity: 'cosine', item: { features: features ? [category] : [], labelFeatures: true }, timeBuckets: 0, u2uKey: false,
  user: { kind: 'mean-mlp', maxLen: 5, positional: 'forward' },
});
const itemIds = ['', ...Array.from({ length: 20 }, (_, i) => `item${i}`)];
let n = 0;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Saves a small model's checkpoint; returns its directory and its files as a page would hold them. */
async function saved(o: { features?: boolean; poison?: boolean } = {}): Promise<{ dir: string; input: CheckpointInput }> {
  const dir = join(root, `ck${n++}`);
  const model = buildModel(options(!!o.features), new Rng(1));
  if (o.poison) model.params[0].variable.assign(tf.fill(model.params[0].variable.shape, NaN));
  await saveCheckpoint(dir, { dataset, state, itemIds, model: options(!!o.features) }, model.params, null);
  model.dispose();
  const file = (name: string) => new Uint8Array(readFileSync(join(dir, name))).buffer;
  const input: CheckpointInput = { manifest: readFileSync(join(dir, 'checkpoint.json'), 'utf8'), weights: file('weights.bin'), itemIds: file('item-ids.json') };
  if (o.features) input.itemFeatures = file('item-features.json');
  return { dir, input };
}

describe('parseCheckpoint (checkpoints in memory)', () => {
  it('reads what loadCheckpoint reads, verifies every given file, and rebuilds the same model', async () => {
    const { dir, input } = await saved({ features: true });
    const ck = await parseCheckpoint({ ...input, source: 'https://host/run' });
    const disk = loadCheckpoint(dir);
    expect(ck.dir).toBe('https://host/run');
    expect(ck.manifest).toEqual(disk.manifest);
    expect(ck.weights).toEqual(disk.weights);
    expect(ck.itemFeatures).toEqual(disk.itemFeatures);
    expect(ck.itemIds).toEqual(itemIds);
    expect(ck.verified.sort()).toEqual(['item-features.json', 'item-ids.json', 'weights.bin']);
    const a = modelFromParsedCheckpoint(ck);
    const b = loadModel(dir).model;
    const q = [{ history: [3, 5, 7] }];
    expect(tf.tidy(() => encodeUsers(a, q, 5).arraySync())).toEqual(tf.tidy(() => encodeUsers(b, q, 5).arraySync()));
    a.dispose();
    b.dispose();
    // already parsed values are accepted (checked for shape only)
    const parsed = await parseCheckpoint({ ...input, manifest: JSON.parse(input.manifest as string), itemIds, itemFeatures: { category: Array.from(category.values) } });
    expect(parsed.weights).toEqual(disk.weights);
    expect(parsed.verified).toEqual(['weights.bin']);
  });

  it('refuses bad files with the messages of the Node loader, naming <source>/<file>', async () => {
    const { input } = await saved({ features: true });
    const w = new Uint8Array(input.weights as ArrayBuffer);
    const flipped = w.slice();
    flipped[9] ^= 1;
    await expect(parseCheckpoint({ ...input, weights: flipped })).rejects.toThrow(/^checkpoint\/weights\.bin: corrupted: SHA-256 [0-9a-f]{64} differs/);
    await expect(parseCheckpoint({ ...input, weights: w.subarray(0, w.length - 8) })).rejects.toThrow(new RegExp(`^checkpoint/weights\\.bin: truncated: ${w.length - 8} bytes, but checkpoint.json recorded ${w.length}`));
    await expect(parseCheckpoint({ ...input, weights: new ArrayBuffer(0) })).rejects.toThrow(/^checkpoint\/weights\.bin: empty \(0 bytes\)/);
    await expect(parseCheckpoint({ ...input, manifest: '{"format": "clrec-check' })).rejects.toThrow(/^checkpoint\/checkpoint\.json: not valid JSON .*the manifest is damaged/);
    await expect(parseCheckpoint({ ...input, manifest: input.weights as ArrayBuffer })).rejects.toThrow(/^checkpoint\/checkpoint\.json: not valid JSON/);
    await expect(parseCheckpoint({ ...input, manifest: '{"format": "other"}' })).rejects.toThrow(/not a CLRec checkpoint/);
    await expect(parseCheckpoint({ ...input, itemFeatures: undefined })).rejects.toThrow(/^checkpoint\/item-features\.json: missing file: checkpoint\.json lists it \(\d+ bytes\)/);
    await expect(parseCheckpoint({ ...input, itemIds: '["a", "b"]' })).rejects.toThrow(/^checkpoint\/item-ids\.json: truncated: 10 bytes/);
    await expect(parseCheckpoint({ ...input, itemIds: ['', 'a'] })).rejects.toThrow(/^checkpoint\/item-ids\.json: expected an array of 21 raw ids/);
    // version 2 (no checksums): sizes are still checked against the parameter table
    const { files: _files, ...v2 } = JSON.parse(input.manifest as string);
    await expect(parseCheckpoint({ ...input, manifest: JSON.stringify({ ...v2, version: 2 }), weights: w.subarray(0, w.length - 4) }))
      .rejects.toThrow(new RegExp(`^checkpoint/weights\\.bin: truncated: ${w.length - 4} bytes, but the parameter \\("params"\\) table of checkpoint\\.json needs ${w.length}`));
  });

  it('refuses non-finite weights as assertFiniteParams does', async () => {
    const { input } = await saved({ poison: true });
    await expect(parseCheckpoint({ ...input, source: 'run/' })).rejects.toThrow(/^run\/weights\.bin: parameter ".+" has \d+ non-finite values \(NaN or ±Infinity\) of \d+.*last good checkpoint/);
  });
});

describe('recommenderFromCheckpoint', () => {
  it('ranks exactly as clrec serve does (loadServingModel + the exact index + Recommender)', async () => {
    const { dir, input } = await saved({ features: true });
    const rec = await recommenderFromCheckpoint(await parseCheckpoint(input));
    const served = loadServingModel(dir);
    const index = await exactIndexFactory({ metric: served.similarity }).build(served.itemVectors(), served.dim);
    const ref = new Recommender(served, index);
    for (const items of [['item3'], ['item3', 'item7', 'item1'], ['item19', 'item0']]) {
      for (const exclude of [true, false]) {
        const want = ref.compute([{ history: Int32Array.from(items, (i) => served.denseIds.get(i)!), historyTimes: null, time: null, k: 10, excludeHistory: exclude }])[0];
        expect(rec.recommend({ items, exclude_history: exclude })).toEqual(want);
      }
    }
    expect(rec.recommend({ items: ['item3'], k: 3 })).toHaveLength(3);
    expect(() => rec.recommend({ items: ['nope'] })).toThrow(/unknown item id\(s\): "nope"/);
    rec.dispose();
    index.dispose();
    served.dispose();
    await expect(recommenderFromCheckpoint(await parseCheckpoint({ ...input, itemIds: undefined }))).rejects.toThrow(/^checkpoint\/item-ids\.json: missing file/);
  });
});
