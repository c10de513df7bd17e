import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExactIndex } from './exact-index';
import { HnswIndex } from './hnsw-index';
import { recallAgainstExact } from '@clrec/spec';
import { randomVectors } from './test-vectors';

const dir = mkdtempSync(join(tmpdir(), 'clrec-hnsw-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// rows: 0 [1,0]; 1 [0,2]; 2 [1,1]; 3 [-1,0]; 4 [3,0] (same direction as row 0)
const ITEMS = Float32Array.from([1, 0, 0, 2, 1, 1, -1, 0, 3, 0]);

describe('HnswIndex', () => {
  it('finds the hand-computed cosine neighbours of a tiny catalog, ties by lower id', async () => {
    const index = await HnswIndex.build(ITEMS, 2, { buildThreads: 1 });
    // q = [2,0]: cos = [1, 0, 0.70711, -1, 1] -> ids 0, 4 (tie), 2, 1, 3
    const r = index.search(Float32Array.from([2, 0]), 5);
    expect([...r.ids]).toEqual([0, 4, 2, 1, 3]);
    const want = [1, 1, Math.SQRT1_2, 0, -1];
    [...r.scores].forEach((s, i) => expect(s).toBeCloseTo(want[i], 5));
    expect(index.size).toBe(5);
    expect(index.options).toMatchObject({ connectivity: 16, expansionAdd: 128, expansionSearch: 128, searchThreads: 1 });
  });

  it('scores raw dot products with metric dot', async () => {
    const index = await HnswIndex.build(ITEMS, 2, { metric: 'dot', buildThreads: 1 });
    // q = [2,0]: dots [2, 0, 2, -2, 6] -> 4, then 0 and 2 (tie, lower id first)
    const r = index.search(Float32Array.from([2, 0]), 3);
    expect([...r.ids]).toEqual([4, 0, 2]);
    [...r.scores].forEach((s, i) => expect(s).toBeCloseTo([6, 2, 2][i], 5));
  });

  it('reaches high recall@10 against the exact index and keeps it after save/load', async () => {
    const dim = 16;
    const items = randomVectors(3000, dim, 5);
    const queries = randomVectors(50, dim, 6);
    const exactIndex = ExactIndex.build(items, dim);
    const exact = exactIndex.search(queries, 10);
    exactIndex.dispose();
    const reports: number[] = [];
    // chunks of 1,000 rows: progress after 1,000, 2,000 and 3,000 of 3,000
    const index = await HnswIndex.build(items, dim, { connectivity: 16, expansionAdd: 64, expansionSearch: 64, chunkRows: 1000, onProgress: (d, t) => reports.push(d / t) });
    expect(reports).toEqual([1 / 3, 2 / 3, 1]);
    const approx = index.search(queries, 10);
    const recall = recallAgainstExact(approx, exact);
    expect(recall).toBeGreaterThan(0.9);
    // scores are cosines: where an id agrees with the exact result, so does its score
    for (let i = 0; i < exact.ids.length; i++) {
      if (approx.ids[i] === exact.ids[i]) expect(approx.scores[i]).toBeCloseTo(exact.scores[i], 5);
    }
    const file = join(dir, 'index.usearch');
    index.save(file);
    const loaded = await HnswIndex.load(file, dim, { expansionSearch: 200, searchThreads: 2 });
    expect(loaded.size).toBe(3000);
    expect(loaded.options.expansionSearch).toBe(200);
    expect(recallAgainstExact(loaded.search(queries, 10), exact)).toBeGreaterThanOrEqual(recall);
  });

  it('leaves no row unreachable after a parallel build (usearch #735 repair)', async () => {
    const dim = 16;
    const items = randomVectors(3000, dim, 11);
    // 8 inserting threads strand a few rows per build without the repair (~0.2% of rows measured);
    // after it, every row searched with its own vector comes back first
    const checked: number[] = [];
    const index = await HnswIndex.build(items, dim, { buildThreads: 8, onRepairProgress: (c, t) => checked.push(c / t) });
    expect(checked).toEqual([1]); // one 65,536-row chunk of self-search covers all 3,000 rows
    const self = index.search(items, 1, 2);
    const missed = [...self.ids].filter((id, r) => id !== r);
    expect(missed).toEqual([]);
    expect(index.repairSeconds).toBeGreaterThan(0); // the self-search ran
    // one thread (or repair: false): no self-search at all
    const single = await HnswIndex.build(items.subarray(0, 160 * dim), dim, { buildThreads: 1 });
    expect([single.repairedRows, single.repairSeconds]).toEqual([0, 0]);
  });

  it('rejects dimension mismatches, bad k and options, missing files, use after dispose', async () => {
    await expect(HnswIndex.build(Float32Array.from([1, 2, 3]), 2)).rejects.toThrow(/length 3 is not a multiple of dim 2/);
    await expect(HnswIndex.build(ITEMS, 2, { connectivity: 0 })).rejects.toThrow(/connectivity must be a positive integer/);
    const index = await HnswIndex.build(ITEMS, 2);
    expect(() => index.search(Float32Array.from([1, 0, 0]), 1)).toThrow(/not a multiple of dim 2/);
    expect(() => index.search(Float32Array.from([1, 0]), 6)).toThrow(/k = 6 exceeds the 5 indexed vectors/);
    const file = join(dir, 'tiny.usearch');
    index.save(file);
    await expect(HnswIndex.load(file, 3)).rejects.toThrow(/cannot load|dimension mismatch/);
    await expect(HnswIndex.load(join(dir, 'missing.usearch'), 2)).rejects.toThrow(/cannot load .*missing.usearch/);
    index.dispose();
    expect(() => index.search(Float32Array.from([1, 0]), 1)).toThrow(/disposed/);
  });
});
