import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { simulate, writeSequenceFile } from '@clrec/datasets/node';
import { DEFAULT_CONFIG, SERVE_DEFAULTS, startServing, train } from '@clrec/training/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchProgress } from './progress';
import { runServeLoad } from './serve-load';
import { parseServeLoadArgs } from './serve-load-args';

const dir = mkdtempSync(join(tmpdir(), 'clrec-bench-serve-'));
const run = join(dir, 'run');
const silent = new BenchProgress({ write: () => true } as unknown as NodeJS.WritableStream, 0);
const quiet = () => {};

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
  const { dataset } = simulate({ seed: 3, numUsers: 200, numItems: 120, numCategories: 6, meanClicks: 10 });
  const data = join(dir, 'sim.txt');
  writeSequenceFile(dataset, data);
  await train({
    config: { ...DEFAULT_CONFIG, data, epochs: 1, batchSize: 32, queueSize: 64, dim: 16, heads: 2, hidden: 16, maxLen: 10, out: run, checkpointEvery: 0, patience: 0, maxEvalUsers: 50, backend: 'wasm' },
    backend: 'wasm', log: quiet,
  });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve-load scenario', () => {
  it('loads an in-process server at two concurrency levels and writes JSON + Markdown', async () => {
    const args = parseServeLoadArgs({ checkpoint: run, concurrency: '1,4', requests: '60', warmup: '5', bodies: '20', out: dir });
    const report = await runServeLoad({ ...args, backend: { name: 'wasm', threads: 1 }, progress: silent });
    expect(report.rows.map((r) => [r.index, r.concurrency, r.requests])).toEqual([['exact', 1, 60], ['exact', 4, 60]]);
    for (const r of report.rows) {
      expect(r.statuses).toEqual({ 200: 60 });
      expect(r.errors).toBe(0);
      expect(r.latency.count).toBe(60);
      expect(r.latency.p50Ms).toBeLessThanOrEqual(r.latency.p99Ms);
      expect(r.requestsPerSecond).toBeGreaterThan(0);
    }
    expect(report.catalog).toEqual({ items: 120, dim: 16 });
    expect(JSON.parse(readFileSync(join(dir, 'serve-load.json'), 'utf8')).rows).toHaveLength(2);
    expect(readFileSync(join(dir, 'serve-load.md'), 'utf8')).toMatch(/\| exact \|\s+1 \|\s+60 \|/);
  });

  it('targets a running server with --url', async () => {
    const serving = await startServing({ ...SERVE_DEFAULTS, checkpoint: run, port: 0 });
    try {
      const args = parseServeLoadArgs({ checkpoint: run, url: serving.server.url, concurrency: '2', requests: '30', warmup: '0', bodies: '10' });
      const report = await runServeLoad({ ...args, out: null, backend: { name: 'wasm', threads: 1 }, progress: silent });
      expect(report.rows).toHaveLength(1);
      expect(report.rows[0].index).toBe('external');
      expect(report.rows[0].statuses).toEqual({ 200: 30 });
      expect(serving.server.counts.get(200)).toBe(30);
    } finally {
      await serving.close();
    }
  });

  it('rejects bad flags', () => {
    expect(() => parseServeLoadArgs({})).toThrow(/--checkpoint: required/);
    expect(() => parseServeLoadArgs({ checkpoint: run, requests: '5', duration: '3' })).toThrow(/give one of them/);
    expect(() => parseServeLoadArgs({ checkpoint: run, url: 'localhost:80' })).toThrow(/--url: "localhost:80" is not an http/);
    expect(() => parseServeLoadArgs({ checkpoint: run, concurrency: '0' })).toThrow(/--concurrency: must be an integer >= 1/);
  });
});
