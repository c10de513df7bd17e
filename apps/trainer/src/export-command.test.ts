import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { decodeNpy } from '@clrec/export';
import { loadServingModel } from '@clrec/training/node';
import { describe, expect, it } from 'vitest';
import { parseExportFlags } from './export-command';
import { clrec, tinyRun } from './test-setup';


const TINY = ['--epochs', '1', '--dim', '16', '--max-len', '10', '--batch-size', '32', '--backend', 'wasm'];

describe('clrec export', () => {
  it('parses its flags, naming the bad ones', () => {
    expect(parseExportFlags({ checkpoint: 'run', out: 'x' })).toEqual({ checkpoint: 'run', out: 'x', formats: ['onnx'], to: null });
    expect(parseExportFlags({ checkpoint: 'run', to: 'pglite:db', pgTable: 'items' })).toEqual({ checkpoint: 'run', out: null, formats: ['onnx'], to: 'pglite:db', table: 'items' });
    expect(() => parseExportFlags({ checkpoint: 'run', out: 'x', pgTable: 'items' })).toThrow(/--pg-table: only with --to/);
    expect(parseExportFlags({ checkpoint: 'run', out: 'x', format: 'npy, parquet' }).formats).toEqual(['npy', 'parquet']);
    expect(() => parseExportFlags({ out: 'x' })).toThrow(/--checkpoint: required/);
    expect(() => parseExportFlags({ checkpoint: 'run' })).toThrow(/--out: required .* unless --to names a vector database/);
    expect(() => parseExportFlags({ checkpoint: 'run', out: 'x', format: 'tflite' })).toThrow(/--format "tflite": use one or more \(comma-separated\) of onnx, npy, parquet/);
  });

  it('exports a run trained by clrec train (SASRec): ONNX tower, item vectors and export.json; errors name the flag', async () => {
    const { dir, config } = tinyRun();
    const runDir = join(dir, 'run');
    expect((await clrec(['train', '--data', config.data, '--out', runDir, ...TINY])).code).toBe(0);
    const out = join(dir, 'export');
    const e = await clrec(['export', '--checkpoint', runDir, '--out', out, '--backend', 'wasm', '--json']);
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/export: user tower sasrec: item_ids int64 \[batch, 10\] -> user_vector float32 \[batch, 16\] \(unit length\)/);
    const manifest = JSON.parse(readFileSync(join(out, 'export.json'), 'utf8'));
    expect(JSON.parse(e.stdout)).toEqual(manifest);
    expect(readdirSync(out).sort()).toEqual(['export.json', 'item-ids.json', 'item-vectors.npy', 'item-vectors.parquet', 'user-tower.onnx']);
    expect(manifest).toMatchObject({
      format: 'clrec-export', version: 1,
      model: { userEncoder: 'sasrec', similarity: 'cosine', dim: 16, numItems: 150 },
      userTower: { file: 'user-tower.onnx', opset: 17, maxLen: 10, normalized: true, timeBuckets: null },
      itemVectors: { count: 150, dim: 16, npy: 'item-vectors.npy', ids: 'item-ids.json', parquet: 'item-vectors.parquet' },
    });
    expect(manifest.checkpoint.dir).toBe(join(runDir, 'checkpoints', 'best'));
    // the .npy rows are what `clrec serve` ranks
    await initBackend({ prefer: 'wasm', log: () => {} });
    const serving = loadServingModel(runDir);
    const { data, shape } = decodeNpy(readFileSync(join(out, 'item-vectors.npy')));
    expect(shape).toEqual([150, 16]);
    expect(data).toEqual(serving.itemVectors());
    expect(JSON.parse(readFileSync(join(out, 'item-ids.json'), 'utf8'))).toEqual(serving.itemIds.slice(1));
    serving.dispose();

    const npyOnly = join(dir, 'vectors');
    expect((await clrec(['export', '--checkpoint', runDir, '--out', npyOnly, '--format', 'npy', '--backend', 'wasm'])).code).toBe(0);
    expect(readdirSync(npyOnly).sort()).toEqual(['export.json', 'item-ids.json', 'item-vectors.npy']);

    const missing = await clrec(['export', '--checkpoint', join(dir, 'nope'), '--out', join(dir, 'x'), '--backend', 'wasm']);
    expect([missing.code, missing.out]).toEqual([1, expect.stringMatching(/clrec: --checkpoint .*nope: no such directory/)]);
    const intoFile = await clrec(['export', '--checkpoint', runDir, '--out', config.data, '--backend', 'wasm']);
    expect([intoFile.code, intoFile.out]).toEqual([1, expect.stringMatching(/clrec: --out .*tiny\.txt: is a file; give a directory/)]);
    const noOut = await clrec(['export', '--checkpoint', runDir]);
    expect([noOut.code, noOut.out]).toEqual([1, expect.stringMatching(/--out: required .* unless --to names a vector database/)]);

    // --to: the item vectors into an embedded pgvector store, then served from it without rebuilding
    const store = join(dir, 'store');
    const db = await clrec(['export', '--checkpoint', runDir, '--to', `pglite:${store}`, '--pg-table', 'tiny_items', '--backend', 'wasm', '--json']);
    expect(db.code, db.out).toBe(0);
    expect(JSON.parse(db.stdout)).toMatchObject({ files: null, database: { table: 'tiny_items', rows: 150, dim: 16, metric: 'cosine' } });
  }, 180_000);

  it('refuses an ONNX export of a user encoder without one (multi-clrec), listing those that have one; its vectors still export', async () => {
    const { dir, config } = tinyRun();
    const runDir = join(dir, 'run');
    expect((await clrec(['train', '--data', config.data, '--out', runDir, '--user-encoder', 'multi-clrec', '--intentions', '3', ...TINY])).code).toBe(0);
    const e = await clrec(['export', '--checkpoint', runDir, '--out', join(dir, 'ex'), '--backend', 'wasm']);
    expect(e.code).toBe(1);
    expect(e.out).toMatch(/clrec: --format onnx: the checkpoint .* has user encoder "multi-clrec", which cannot be exported to ONNX; supported: multiatt-wha, mean, mean-mlp, sasrec/);
    expect(existsSync(join(dir, 'ex'))).toBe(false);
    const p = await clrec(['export', '--checkpoint', runDir, '--out', join(dir, 'ex'), '--format', 'parquet', '--backend', 'wasm']);
    expect(p.code).toBe(0);
    expect(readdirSync(join(dir, 'ex')).sort()).toEqual(['export.json', 'item-vectors.parquet']);
  });
});
