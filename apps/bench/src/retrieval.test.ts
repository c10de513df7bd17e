import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchProgress } from './progress';
import { runRetrieval } from './retrieval';
import { parseRetrievalArgs } from './retrieval-args';
import { clusteredVectors, expandEmbeddings } from './retrieval-data';
import { latencyStats } from './retrieval-measure';

const dir = mkdtempSync(join(tmpdir(), 'clrec-bench-retrieval-'));
const silent = new BenchProgress({ write: () => true } as unknown as NodeJS.WritableStream, 0);
beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('retrieval scenario', () => {
  it('computes nearest-rank percentiles', () => {
    // samples 1..100 ms: p50 = the 50th smallest = 50, p99 = the 99th = 99, mean 50.5
    const s = latencyStats(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s).toEqual({ count: 100, meanMs: 50.5, p50Ms: 50, p99Ms: 99, maxMs: 100 });
  });

  it('draws clustered points around unit centres and expands embeddings with noise', () => {
    const set = clusteredVectors({ n: 400, dim: 8, numQueries: 5, centres: 4, spread: 0.01, seed: 1 });
    expect(set.items.length).toBe(3200);
    expect(set.queries.length).toBe(40);
    // spread 0.01 in 8-d: every point lies within ~0.03 of a unit centre, so its norm is ≈ 1
    for (let i = 0; i < 400; i++) {
      const norm = Math.hypot(...set.items.subarray(i * 8, i * 8 + 8));
      expect(Math.abs(norm - 1)).toBeLessThan(0.1);
    }
    const base = Float32Array.from([3, 4, 0, 2]); // rows [3,4] -> [0.6,0.8] and [0,2] -> [0,1]
    const big = expandEmbeddings(base, 2, 5, 0.001, 2);
    expect([...big.subarray(0, 4)]).toEqual([0.6000000238418579, 0.800000011920929, 0, 1]);
    for (let i = 2; i < 5; i++) expect(Math.hypot(big[2 * i], big[2 * i + 1])).toBeCloseTo(1, 2);
  });

  it('measures exact and HNSW on small catalogs and writes JSON + Markdown', async () => {
    const before = tf.memory().numTensors;
    const args = parseRetrievalArgs({ sizes: '3000', queries: '30', exactSingleQueries: '5', hnswSingleQueries: '30', hnsw: '8:32', ef: '16,64', k: '10', dim: '16', buildThreads: '1', searchThreads: '1', out: dir });
    expect(args.datasets).toEqual(['clustered', 'uniform']);
    const report = await runRetrieval({
      ...args, targets: { exactMsPerQuery: 50, recall: 0.95, p99Ms: 5 }, backend: { name: 'wasm', threads: 1 }, progress: silent, command: 'clrec-bench retrieval --sizes 3000',
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(report.exact.map((e) => [e.dataset, e.n])).toEqual([['clustered', 3000], ['uniform', 3000]]);
    expect(report.hnsw.map((h) => [h.dataset, h.expansionSearch])).toEqual([['clustered', 16], ['clustered', 64], ['uniform', 16], ['uniform', 64]]);
    for (const h of report.hnsw) {
      expect(h.recall).toBeGreaterThan(0.5);
      expect(h.recall).toBeLessThanOrEqual(1);
      expect(h.meetsTarget).toBe(h.recall >= 0.95 && h.single.p99Ms <= 5);
    }
    // a wider search never finds fewer true neighbours on the same graph
    expect(report.hnsw[1].recall).toBeGreaterThanOrEqual(report.hnsw[0].recall);
    const json = JSON.parse(readFileSync(join(dir, 'retrieval.json'), 'utf8'));
    expect(json.scenario).toBe('retrieval');
    const md = readFileSync(join(dir, 'retrieval.md'), 'utf8');
    expect(md).toMatch(/## Exact blocked scan[\s\S]*\| clustered \|[\s\S]*## HNSW \(usearch\)[\s\S]*recall@10/);
    expect(md).toContain('Command: `clrec-bench retrieval --sizes 3000`');
    // one build thread: no stranded-row repair, reported as 0 rows in 0 s
    expect(report.hnsw.map((h) => [h.repairedRows, h.repairSeconds])).toEqual(Array(4).fill([0, 0]));
    expect(md).toMatch(/repaired rows \(s\)[\s\S]*\| +0 \(0\.0\) \|/);
  });

  it('rejects bad flags naming them', () => {
    expect(() => parseRetrievalArgs({ datasets: 'trained' })).toThrow(/need --run/);
    expect(() => parseRetrievalArgs({ hnsw: '16-128' })).toThrow(/--hnsw: "16-128" is not M:efConstruction/);
    expect(() => parseRetrievalArgs({ sizes: '10,abc' })).toThrow(/--sizes: must be an integer/);
    expect(() => parseRetrievalArgs({ datasets: 'gaussian' })).toThrow(/unknown value "gaussian"; valid: clustered, uniform, trained, trained-expanded/);
  });
});
