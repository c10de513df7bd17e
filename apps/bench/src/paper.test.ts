import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { simulate, writeSequenceFile } from '@clrec/datasets/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPaper } from './paper';
import { parsePaperArgs } from './paper-args';
import { BenchProgress } from './progress';

const quiet = new BenchProgress({ write: () => true } as unknown as NodeJS.WritableStream);

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

describe('clrec-bench paper', () => {
  it('trains the compared models on a tiny simulated dataset and writes the report, tables and plots', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-paper-'));
    const { dataset } = simulate({ seed: 3, numUsers: 250, numItems: 120, numCategories: 6, meanClicks: 10 });
    const data = join(dir, 'tiny.txt');
    writeSequenceFile(dataset, data);
    const out = join(dir, 'report');
    const report = await runPaper({
      data, epochs: 1, models: ['clrec', 'sampled-softmax'], out, maxEvalUsers: 0, excludeHistory: true, selectMetric: 'NDCG@10', clrecPriors: [1],
      backend: 'wasm', command: 'clrec-bench paper --data tiny.txt', progress: quiet,
      overrides: { batchSize: 32, queueSize: 64, dim: 16, heads: 2, hidden: 16, maxLen: 10, patience: 0, checkpointEvery: 0, evalNegatives: 30, backend: 'wasm' },
    });
    expect(report.failed).toEqual([]);
    expect(report.rows.map((r) => r.model)).toEqual(['most-popular', 'clrec', 'clrec@prior=1', 'sampled-softmax']);
    // the prior row is the same trained model ranked with + log q(y): its lists lean to popular items
    const [plain, prior] = [report.rows[1], report.rows[2]].map((r) => r.debias.atK.find((a) => a.k === 10)!.popularity);
    expect(prior).toBeGreaterThan(plain);
    expect([report.rows[2].short, report.rows[2].runDir, report.rows[2].bestEpoch]).toEqual(['CLRec α=1', report.rows[1].runDir, report.rows[1].bestEpoch]);
    // every model was judged on the negatives the report drew first
    const files = report.protocol.sampled.map((s) => s.files.test.path);
    for (const row of report.rows.slice(1).filter((r) => !r.model.includes('@prior'))) {
      const res = JSON.parse(readFileSync(join(row.runDir!, 'results.json'), 'utf8'));
      expect(res.protocol.sampled.map((s: { files: { test: { path: string; reused: boolean } } }) => [s.files.test.path, s.files.test.reused]))
        .toEqual(files.map((f) => [f, true]));
      expect(res.protocol.excludeHistory).toBe(true);
    }
    // MostPop recommends the same popular items to everyone: top-10 diversity barely above 10
    const most = report.rows[0].debias.atK.find((a) => a.k === 10)!;
    expect(most.aggregateDiversity).toBeLessThan(40);
    // the popularity index is normalised by the largest E[p_data]: MostPop's, exactly 1
    expect(report.popularityIndex['10']['most-popular']).toBe(1);
    for (const v of Object.values(report.popularityIndex['10'])) expect(v).toBeLessThanOrEqual(1);
    const clrec10 = report.rows[1].debias.atK.find((a) => a.k === 10)!.aggregateDiversity;
    const ssm10 = report.rows[3].debias.atK.find((a) => a.k === 10)!.aggregateDiversity;
    expect(report.diversityRatio!['10']).toBeCloseTo(clrec10 / ssm10, 12);
    const md = readFileSync(join(out, 'paper.md'), 'utf8');
    for (const heading of ['## Sampled protocol (KDD Table 8 shape)', '## Full ranking', '## Aggregate diversity (KDD Table 10 shape)', '## Popularity index', '(KDD Figure 4)']) {
      expect(md).toContain(heading);
    }
    expect(md).toMatch(/\| Metric +\| MostPop \| +CLRec \| +CLRec α=1 \| +SSM \|/);
    expect(md).toContain('Command: `clrec-bench paper --data tiny.txt`');
    expect(report.plots).toEqual(['degree-buckets-top10.svg', 'degree-buckets-top10-all.svg']);
    const svg = readFileSync(join(out, 'degree-buckets-top10.svg'), 'utf8');
    expect(svg).toContain('training data (clicks)');
    expect(svg).toContain('CLRec top-10');
    expect(svg).toContain('SSM top-10');
    const json = JSON.parse(readFileSync(join(out, 'paper.json'), 'utf8'));
    expect(json.rows).toHaveLength(4);
    expect(existsSync(join(out, 'eval-negatives'))).toBe(true);
  });

  it('validates its flags before any work', () => {
    expect(() => parsePaperArgs({})).toThrow('--data: required');
    expect(() => parsePaperArgs({ data: 'x', models: 'clrec,bpr' })).toThrow(/--models: unknown value "bpr"; valid: clrec, sampled-softmax/);
    expect(() => parsePaperArgs({ data: 'x', selectMetric: 'HR@7' })).toThrow(/--select-metric: "HR@7" is not reported/);
    expect(() => parsePaperArgs({ data: 'x', selectMetric: 'sampled-popularity:HR@50' })).toThrow(/is not reported/);
    expect(parsePaperArgs({ data: 'x', selectMetric: 'NDCG@50' }).selectMetric).toBe('NDCG@50');
    expect(() => parsePaperArgs({ data: 'x', excludeHistory: 'maybe' })).toThrow(/--exclude-history: must be true or false/);
    expect(parsePaperArgs({ data: 'x', clrecPriors: '0.5,1' }).clrecPriors).toEqual([0.5, 1]);
    expect(() => parsePaperArgs({ data: 'x', clrecPriors: '0.5,0' })).toThrow(/--clrec-priors: "0" is not a non-zero number/);
    expect(parsePaperArgs({ data: 'x', excludeHistory: 'false' }).excludeHistory).toBe(false);
    const a = parsePaperArgs({ data: 'x' }); // history excluded by default, the published protocol
    expect([a.epochs, a.models, a.out, a.excludeHistory, a.selectMetric]).toEqual([
      5, ['clrec', 'sampled-softmax', 'full-softmax', 'ipw', 'negative-sampling'], 'bench-results/paper', true, 'sampled-popularity:NDCG@10',
    ]);
  });
});
