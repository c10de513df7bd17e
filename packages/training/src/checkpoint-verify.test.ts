import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { Rng } from '@clrec/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetFingerprint, loadCheckpoint, restoreParams, saveCheckpoint, type TrainingState } from './checkpoint';
import { evaluateCheckpoint } from './evaluate-checkpoint';
import { loadModel } from './load-model';
import { buildModel, type ModelOptions } from './model';
import { loadServingModel } from './serve-model';

const root = mkdtempSync(join(tmpdir(), 'clrec-ck-verify-'));
const dataset: DatasetFingerprint = { name: 'unit', numUsers: 5, numItems: 20, interactions: 40 };
const state = { epoch: 1, stepInEpoch: 0, globalStep: 7, history: [], best: null, sinceBest: 0 } as unknown as TrainingState;
const options: ModelOptions = {
  numItems: 20, dim: 4, similarity: 'cosine', item: { features: [], labelFeatures: true }, timeBuckets: 0, u2uKey: false,
  user: { kind: 'mean-mlp', maxLen: 5, positional: 'forward' },
};
const itemIds = ['', ...Array.from({ length: 20 }, (_, i) => `item${i}`)];
let n = 0;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Saves a small model's checkpoint (with Adam state and raw ids); `poison` sets some values of the first parameter. */
async function saved(poison?: number[]): Promise<{ dir: string; firstParam: string }> {
  const dir = join(root, `ck${n++}`, 'checkpoints', 'last');
  const model = buildModel(options, new Rng(1));
  const first = model.params[0];
  if (poison) {
    const v = first.variable.dataSync().slice() as Float32Array;
    poison.forEach((x, i) => (v[i] = x));
    first.variable.assign(tf.tensor(v, first.variable.shape));
  }
  const slots = model.params.map((p) => {
    const size = p.variable.size;
    return { name: p.name, shape: [...p.variable.shape], m: new Float32Array(size).fill(0.5), v: new Float32Array(size).fill(0.25) };
  });
  await saveCheckpoint(dir, { dataset, state, itemIds, model: options }, model.params, { step: 7, slots });
  model.dispose();
  return { dir, firstParam: first.name };
}

describe('checkpoint format version 3: checksums', () => {
  it('records size and SHA-256 of every other file, and loads back exactly', async () => {
    const { dir } = await saved();
    const manifest = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
    expect(manifest.version).toBe(3);
    expect(Object.keys(manifest.files).sort()).toEqual(['item-ids.json', 'optimizer.bin', 'weights.bin']);
    expect(manifest.files['weights.bin'].bytes).toBe(readFileSync(join(dir, 'weights.bin')).byteLength);
    expect(manifest.files['weights.bin'].sha256).toMatch(/^[0-9a-f]{64}$/);
    const ck = loadCheckpoint(dir);
    expect(ck.optimizer![0]).toBe(0.5);
    const before = tf.memory().numTensors;
    const { model } = loadModel(dir);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a flipped byte (corrupted), a truncated file, an empty weights.bin and a missing file, naming the file', async () => {
    const { dir } = await saved();
    const weights = join(dir, 'weights.bin');
    const good = readFileSync(weights);
    const flipped = Buffer.from(good);
    flipped[17] ^= 0x01;
    writeFileSync(weights, flipped);
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(weights)}: corrupted: SHA-256 [0-9a-f]{64} differs .*checkpoints/best or checkpoints/last.*retrain / resume`));
    writeFileSync(weights, good);
    truncateSync(weights, good.byteLength - 8);
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(weights)}: truncated: ${good.byteLength - 8} bytes, but checkpoint.json recorded ${good.byteLength} \\(size mismatch`));
    writeFileSync(weights, '');
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(weights)}: empty \\(0 bytes\\)`));
    writeFileSync(weights, good);
    expect(() => loadCheckpoint(dir)).not.toThrow();
    const opt = join(dir, 'optimizer.bin');
    const optBytes = readFileSync(opt);
    rmSync(opt);
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(opt)}: missing file: checkpoint.json lists it \\(${optBytes.byteLength} bytes\\).*incomplete`));
    writeFileSync(opt, optBytes);
    // a listed file the loader does not parse itself (serving reads the raw ids) is verified too
    const ids = join(dir, 'item-ids.json');
    writeFileSync(ids, readFileSync(ids, 'utf8').replace('item3', 'item9'));
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(ids)}: corrupted`));
  });

  it('names checkpoint.json for bad JSON, missing keys or no config where clrec eval needs it', async () => {
    const { dir } = await saved();
    const file = join(dir, 'checkpoint.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, '{"format": "clrec-checkpoint", "vers');
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(file)}: not valid JSON .*the manifest is damaged`));
    writeFileSync(file, '');
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(file)}: empty`));
    for (const key of ['params', 'dataset', 'state', 'files']) {
      writeFileSync(file, JSON.stringify({ ...manifest, [key]: undefined }));
      expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(file)}: missing (or malformed )?"${key}"`));
    }
    writeFileSync(file, JSON.stringify({ ...manifest, model: undefined }));
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(file)}: has neither "model" .* nor "config"`));
    writeFileSync(file, JSON.stringify(manifest));
    await expect(evaluateCheckpoint(dir, {}, 'wasm', () => {})).rejects.toThrow(new RegExp(`^${esc(file)}: has no "config"`));
    rmSync(dir, { recursive: true });
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(file)}: checkpoint directory .* not found`));
  });

  it('loads version-2 checkpoints (no checksums) and still catches their truncated or empty weights.bin by the parameter table', async () => {
    const { dir } = await saved();
    const file = join(dir, 'checkpoint.json');
    const { files: _files, ...v2 } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...v2, version: 2 }));
    const ck = loadCheckpoint(dir);
    expect(ck.manifest.version).toBe(2);
    const { model } = loadModel(dir);
    model.dispose();
    const weights = join(dir, 'weights.bin');
    const size = readFileSync(weights).byteLength;
    truncateSync(weights, size - 4);
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(weights)}: truncated: ${size - 4} bytes, but the parameter \\("params"\\) table of checkpoint.json needs ${size}`));
    writeFileSync(weights, '');
    expect(() => loadCheckpoint(dir)).toThrow(new RegExp(`^${esc(weights)}: empty \\(0 bytes\\)`));
  });
});

describe('non-finite weights', () => {
  it('are refused by loading a model, serving and evaluation, naming weights.bin, the parameter and the count', async () => {
    const { dir, firstParam } = await saved([NaN, Infinity, NaN]);
    const want = new RegExp(`^${esc(join(dir, 'weights.bin'))}: parameter "${esc(firstParam)}" has 3 non-finite values \\(NaN or ±Infinity\\) of \\d+.*last good checkpoint`);
    const before = tf.memory().numTensors;
    expect(() => loadModel(dir)).toThrow(want);
    expect(() => loadServingModel(dir)).toThrow(want);
    expect(tf.memory().numTensors).toBe(before);
    await expect(evaluateCheckpoint(dir, {}, 'wasm', () => {})).rejects.toThrow(want);
    const ck = loadCheckpoint(dir); // the raw loader still reads it (inspection)
    const model = buildModel(options, new Rng(2));
    const untouched = model.params[0].variable.dataSync().slice();
    expect(() => restoreParams(ck, model.params)).toThrow(want);
    expect(model.params[0].variable.dataSync()).toEqual(untouched);
    model.dispose();
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
