import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPgvectorBench } from './pgvector-bench';
import { parsePgvectorBenchArgs } from './pgvector-bench-args';
import { BenchProgress } from './progress';

const dir = mkdtempSync(join(tmpdir(), 'clrec-bench-pgvector-'));
const silent = new BenchProgress({ write: () => true } as unknown as NodeJS.WritableStream, 0);
beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pgvector scenario', () => {
  it('builds a pgvector table and a usearch graph on a small catalog, measures both against exact and writes JSON + Markdown', async () => {
    const args = parsePgvectorBenchArgs({
      sizes: '1500', dim: '16', k: '10', queries: '20', singleQueries: '10', exactSingleQueries: '3', batchSize: '8', ef: '20,80', usearch: '8:32', centres: '30', out: dir,
    });
    expect([args.m, args.efConstruction, args.usearchThreads, args.connection]).toEqual([16, 64, 1, undefined]);
    const report = await runPgvectorBench({ ...args, out: dir, backend: { name: 'wasm', threads: 1 }, progress: silent, command: 'clrec-bench pgvector --sizes 1500' });
    expect(report.pgvectorBuilds).toHaveLength(1);
    expect(report.pgvectorBuilds[0]).toMatchObject({ n: 1500, dim: 16, m: 16, efConstruction: 64, connection: 'embedded PGlite (in memory)' });
    expect(report.pgvectorBuilds[0].indexRowsPerSecond).toBeGreaterThan(0);
    expect(report.pgvector.map((p) => p.efSearch)).toEqual([20, 80]);
    for (const p of report.pgvector) {
      expect(p.recall).toBeGreaterThan(0.9);
      expect(p.batch.count).toBe(3); // 20 queries in batches of 8
      expect(p.single.count).toBe(10);
    }
    expect(report.usearch.map((h) => h.expansionSearch)).toEqual([20, 80]);
    const json = JSON.parse(readFileSync(join(dir, 'pgvector.json'), 'utf8'));
    expect(json.scenario).toBe('pgvector');
    const md = readFileSync(join(dir, 'pgvector.md'), 'utf8');
    expect(md).toContain('Command: `clrec-bench pgvector --sizes 1500`');
    expect(md).toMatch(/## Build[\s\S]*pgvector \(embedded PGlite \(in memory\)\)[\s\S]*usearch \(1 thread\(s\)\)[\s\S]*## Search[\s\S]*exact scan[\s\S]*\| +pgvector \| +20 \|/);
  });

  it('rejects bad flags naming them', () => {
    expect(() => parsePgvectorBenchArgs({ ef: '100,2000' })).toThrow(/--ef: 2000 exceeds 1000/);
    expect(() => parsePgvectorBenchArgs({ m: '16', efConstruction: '20' })).toThrow(/--ef-construction: 20 must be at least 2 × --m \(32\)/);
    expect(() => parsePgvectorBenchArgs({ usearch: '16-128' })).toThrow(/--usearch: "16-128" is not M:efConstruction/);
    expect(() => parsePgvectorBenchArgs({ maintenanceWorkMem: 'huge' })).toThrow(/--maintenance-work-mem: "huge"/);
    expect(parsePgvectorBenchArgs({ usearch: 'none' }).usearch).toEqual([]);
  });
});
