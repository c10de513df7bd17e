import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import {
  buildRankingIndex, encodeUsers, type HistoryQuery, loadModel, loadServingModel, prepareData,
} from '@clrec/training/node';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportCheckpoint, parseExportFormats } from './export-checkpoint';
import type { ExportManifest } from './export-manifest';
import { decodeNpy } from './npy';
import { savedCheckpoint, tempDir, trainedRun } from './test-checkpoints';
import { randomHistories, randomModel } from './test-models';
import { packUserTowerInputs } from './user-tower-inputs';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

const K = 10;

/** User vectors of the exported tower (onnxruntime) for `queries`. */
async function onnxUsers(dir: string, m: ExportManifest, queries: HistoryQuery[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(join(dir, 'user-tower.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const tower = m.userTower!;
  const packed = packUserTowerInputs(queries, tower.maxLen, tower.timeBuckets?.buckets ?? 0);
  const feeds: Record<string, ort.Tensor> = { item_ids: new ort.Tensor('int64', packed.itemIds, [packed.batch, packed.maxLen]) };
  if (packed.timeBuckets) feeds.time_buckets = new ort.Tensor('int64', packed.timeBuckets, [packed.batch, packed.maxLen]);
  const out = (await session.run(feeds)).user_vector.data as Float32Array;
  await session.release();
  return out;
}

/** Top-k rows by dot product of each user vector with the item rows, best first, ties by lower row. */
function topKByDot(users: Float32Array, items: Float32Array, d: number, k: number): number[][] {
  const n = items.length / d;
  return Array.from({ length: users.length / d }, (_, q) => {
    const scores = Array.from({ length: n }, (_, r) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += users[q * d + j] * items[r * d + j];
      return s;
    });
    return Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k);
  });
}

/**
 * Exports `checkpoint`, then checks every file against the TS model: the ONNX tower against
 * encodeUsers (max |diff| ≤ 1e-4), the .npy and Parquet rows against the serving item vectors, and
 * the top-10 by dot product against the exact ranking index evaluation and serving use.
 */
async function exportAndCompare(checkpoint: string, queries: HistoryQuery[]): Promise<{ manifest: ExportManifest; maxDiff: number }> {
  const out = join(tempDir(), 'export');
  const manifest = await exportCheckpoint({ checkpoint, out, formats: ['onnx'] });
  expect(readdirSync(out).sort()).toEqual(['export.json', 'item-ids.json', 'item-vectors.npy', 'item-vectors.parquet', 'user-tower.onnx']);
  expect(JSON.parse(readFileSync(join(out, 'export.json'), 'utf8'))).toEqual(manifest);

  const serving = loadServingModel(checkpoint);
  const want = serving.itemVectors();
  const d = manifest.model.dim;
  expect(want.length).toBe(serving.numItems * d);
  const { data, shape } = decodeNpy(readFileSync(join(out, 'item-vectors.npy')));
  expect(shape).toEqual([serving.numItems, d]);
  expect(data).toEqual(want);
  const ids = JSON.parse(readFileSync(join(out, 'item-ids.json'), 'utf8')) as string[];
  expect(ids).toEqual(serving.itemIds.slice(1));

  const file = readFileSync(join(out, 'item-vectors.parquet'));
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
  const rows = await parquetReadObjects({ file: buffer });
  expect(rows.map((r) => r.id)).toEqual(ids);
  expect(Float32Array.from(rows.flatMap((r) => r.vector as number[]))).toEqual(want);
  expect(parquetMetadata(buffer).schema.map((s) => s.name)).toEqual(['schema', 'id', 'vector', 'list', 'element']);

  const { model } = loadModel(serving.checkpointDir);
  const refT = tf.tidy(() => encodeUsers(model, queries, serving.config.maxLen));
  const ref = refT.dataSync() as Float32Array;
  refT.dispose();
  model.dispose();
  const norm = (v: Float32Array, d: number) => v.map((x, i) => {
    const r = Math.floor(i / d);
    let s = 0;
    for (let j = 0; j < d; j++) s += v[r * d + j] ** 2;
    return x / Math.max(Math.sqrt(s), 1e-6);
  });
  const expected = serving.similarity === 'cosine' ? norm(ref, d) : ref;
  const got = await onnxUsers(out, manifest, queries);
  const maxDiff = got.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
  expect(maxDiff).toBeLessThanOrEqual(1e-4);

  // the ranking `clrec eval` and `clrec serve` compute (exact index over the serving vectors, nothing excluded)
  const index = await buildRankingIndex(want, d, { metric: serving.similarity });
  const exact = index.search(ref, K);
  index.dispose();
  const ours = topKByDot(got, data, d, K);
  for (let q = 0; q < queries.length; q++) expect(ours[q]).toEqual(Array.from(exact.ids.subarray(q * K, (q + 1) * K)));
  serving.dispose();
  return { manifest, maxDiff };
}

describe('exportCheckpoint', () => {
  it('a trained MultiAtt + WHA run (time buckets, an item feature): tower, .npy, Parquet and top-10 agree with the TS model', async () => {
    const dir = tempDir();
    const { run, config } = await trainedRun(dir);
    const prepared = prepareData(config, () => {});
    const queries = [...prepared.split.test.slice(0, 40), ...randomHistories(8, prepared.dataset.numItems, config.maxLen, 3)];
    expect(queries.some((q) => q.history.length === 1) && queries.some((q) => q.history.length > config.maxLen)).toBe(true);
    const { manifest, maxDiff } = await exportAndCompare(run, queries);
    console.log(`trained multiatt-wha: max |onnx - encodeUsers| = ${maxDiff.toExponential(2)}`);
    expect(manifest.model).toMatchObject({ userEncoder: 'multiatt-wha', similarity: 'cosine', dim: 16, itemFeatures: ['category'], timeBuckets: 21 });
    expect(manifest.userTower!.inputs.map((i) => [i.name, i.dtype, i.shape])).toEqual([['item_ids', 'int64', ['batch', 10]], ['time_buckets', 'int64', ['batch', 10]]]);
    expect(manifest.userTower!.outputs.map((i) => [i.name, i.dtype, i.shape])).toEqual([['user_vector', 'float32', ['batch', 16]]]);
    expect(manifest.userTower!.timeBuckets).toMatchObject({ input: 'time_buckets', buckets: 21, unitSeconds: 60 });
    expect(manifest.checkpoint.dir).toBe(join(run, 'checkpoints', 'best'));
    expect(manifest.checkpoint.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a trained SASRec run (an item feature): tower and top-10 agree with the TS model', async () => {
    const dir = tempDir();
    const { run, config } = await trainedRun(dir, { userEncoder: 'sasrec', timeBuckets: 'none', trainPositions: 'all', queueSize: 320 });
    const prepared = prepareData(config, () => {});
    const queries = [...prepared.split.test.slice(0, 40), ...randomHistories(8, prepared.dataset.numItems, config.maxLen, 5)];
    const { manifest, maxDiff } = await exportAndCompare(run, queries);
    console.log(`trained sasrec: max |onnx - encodeUsers| = ${maxDiff.toExponential(2)}`);
    expect(manifest.model).toMatchObject({ userEncoder: 'sasrec', itemFeatures: ['category'], timeBuckets: 0 });
    expect(manifest.userTower!.inputs.map((i) => i.name)).toEqual(['item_ids']);
  });

  it('a SASRec checkpoint (2 blocks, 2 heads, dot similarity): tower and top-10 agree with the TS model', async () => {
    const dir = tempDir();
    const model = randomModel({ kind: 'sasrec', maxLen: 8, positional: 'forward', heads: 2, blocks: 2, dropout: 0.2 }, { numItems: 120, similarity: 'dot' });
    const ck = await savedCheckpoint(model, join(dir, 'ck'));
    model.dispose();
    const { manifest, maxDiff } = await exportAndCompare(ck, randomHistories(30, 120, 8, 11));
    console.log(`sasrec: max |onnx - encodeUsers| = ${maxDiff.toExponential(2)}`);
    expect(manifest.userTower).toMatchObject({ maxLen: 8, normalized: false, timeBuckets: null });
    expect(manifest.itemVectors).toMatchObject({ count: 120, dim: 16, normalized: false });
  });

  it('--format npy / parquet write the item vectors alone; an encoder without ONNX export still exports them', async () => {
    const dir = tempDir();
    const model = randomModel({ kind: 'multi-clrec', maxLen: 6, positional: 'backward', intentions: 3, hidden: 8, residual: true, intentCategory: 'item' } as never);
    const ck = await savedCheckpoint(model, join(dir, 'ck'));
    model.dispose();
    await expect(exportCheckpoint({ checkpoint: ck, out: join(dir, 'a') })).rejects.toThrow(
      /--format onnx: the checkpoint .* has user encoder "multi-clrec", which cannot be exported to ONNX; supported: multiatt-wha, mean, mean-mlp, sasrec/,
    );
    const npy = await exportCheckpoint({ checkpoint: ck, out: join(dir, 'npy'), formats: parseExportFormats('npy') });
    expect(readdirSync(join(dir, 'npy')).sort()).toEqual(['export.json', 'item-ids.json', 'item-vectors.npy']);
    expect(npy.userTower).toBeNull();
    expect(npy.itemVectors).toMatchObject({ npy: 'item-vectors.npy', ids: 'item-ids.json', parquet: null });
    const both = await exportCheckpoint({ checkpoint: ck, out: join(dir, 'both'), formats: parseExportFormats('parquet,npy') });
    expect(Object.keys(both.files).sort()).toEqual(['item-ids.json', 'item-vectors.npy', 'item-vectors.parquet']);
  });

  it('names the flag at fault: a missing checkpoint, --out that is a file, an unknown format', async () => {
    const dir = tempDir();
    await expect(exportCheckpoint({ checkpoint: join(dir, 'nope'), out: join(dir, 'x') })).rejects.toThrow(/--checkpoint .*nope: no such directory/);
    writeFileSync(join(dir, 'file'), 'x');
    await expect(exportCheckpoint({ checkpoint: dir, out: join(dir, 'file') })).rejects.toThrow(/--out .*file: is a file; give a directory/);
    await expect(exportCheckpoint({ checkpoint: dir, out: join(dir, 'y') })).rejects.toThrow(/checkpoint\.json/);
    expect(() => parseExportFormats('onnx,torch')).toThrow(/--format "onnx,torch": use one or more \(comma-separated\) of onnx, npy, parquet/);
  });
});
