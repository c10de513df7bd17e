import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bestPeerThreadsSummary, cachedOverSampled, type EfficiencyCell, type EfficiencyReport, formatEfficiencyMarkdown, formatEfficiencyTable,
  formatSweepTable,
} from './efficiency-report';
import { formatMarkdownTable, formatNumber } from './markdown-table';
import { bestPeerRun, findPeerScript, parsePeerOutput, peerArgs, peerThreadCounts } from './peer';
import { formatDuration } from './progress';
import { formatSamplingTable, type SamplingRow } from './sampling-report';
import { DEFAULT_WORKLOAD } from './workload-config';

const side = (eps: number) => ({ examplesPerSecond: eps, stepMs: 256_000 / eps, loss: 7, loadAfter: 1 });
const MiB = 2 ** 20;
const memory = { rss: 300 * MiB, tensorBytes: 100 * MiB, wasmHeap: 128 * MiB, optimizerHost: 50 * MiB };
/** A cell; `peer`: one peer figure (at 2 threads) or ex/s per thread count (the best one counts). */
const cell = (setting: EfficiencyCell['setting'], variant: EfficiencyCell['variant'], ours: number, peer: number | null | Record<number, number>,
  catalog = 100_000): EfficiencyCell => {
  const byThreads: [number, number][] = peer === null ? [] : typeof peer === 'number' ? [[2, peer]] : Object.entries(peer).map(([t, v]) => [Number(t), v]);
  const runs = byThreads.map(([threads, eps]) => ({ ...side(eps), threads, best: false }));
  const best = bestPeerRun(runs);
  if (best) best.best = true;
  return {
    catalog, setting, variant, ours: { ...side(ours), cpuMs: 64_000 / ours, leakedTensors: 0, memory },
    peer: best ? { ...side(best.examplesPerSecond), threads: best.threads } : null, peerRuns: runs,
    ratio: best ? ours / best.examplesPerSecond : null, order: 'ours-first',
  };
};

describe('tables', () => {
  it('formats an aligned Markdown table', () => {
    expect(formatMarkdownTable(['name', 'n'], [['a', '1'], ['long name', '1,234']])).toBe([
      '| name      |     n |',
      '|:----------|------:|',
      '| a         |     1 |',
      '| long name | 1,234 |',
    ].join('\n'));
    expect(() => formatMarkdownTable(['a', 'b'], [['x']])).toThrow('row 0 has 1 cells, expected 2');
    expect([formatNumber(1234.5), formatNumber(0.25, 2), formatNumber(null), formatNumber(NaN)]).toEqual(['1,235', '0.25', 'n/a', 'n/a']);
    expect([formatDuration(5), formatDuration(185), formatDuration(3720), formatDuration(undefined)]).toEqual(['5s', '3m05s', '1h02m', '?']);
  });

  it('formats the efficiency table with ratios, n/a without a peer figure, and cached/sampled per setting', () => {
    const cells = [cell('features', 'cached', 2000, 1000), cell('features', 'sampled-softmax', 1600, 1250), cell('plain', 'inter', 1500, null)];
    const t = formatEfficiencyTable(cells).split('\n');
    expect(t[0]).toBe('| setting  | variant         | ours ex/s | ours ms/step | ours CPU ms/step | peer ex/s 2 thr | best peer ex/s | best peer thr ' +
      '| best peer ms/step | ours / best peer | ours RSS MiB |');
    expect(t[2]).toBe('| features | cached          |     2,000 |        128.0 |             32.0 |           1,000 |          1,000 |             2 ' +
      '|             256.0 |            2.00x |          300 |');
    expect(t[4]).toBe('| plain    | inter           |     1,500 |        170.7 |             42.7 |             n/a |            n/a |           n/a ' +
      '|               n/a |              n/a |          300 |');
    expect(cachedOverSampled(cells)).toEqual({ features: { ours: 1.25, peer: 0.8 } });
  });

  it('shows the peer at each thread count and compares ours with the faster (the best peer)', () => {
    // 1 thread is faster than 2 for cached, slower for sampled-softmax; the inter cell's 2-thread run failed
    const cells = [cell('features', 'cached', 2000, { 1: 1000, 2: 800 }), cell('features', 'sampled-softmax', 1600, { 1: 1000, 2: 1280 }),
      cell('features', 'inter', 1500, { 1: 750 })];
    expect(cells[0].peerRuns.map((r) => [r.threads, r.best])).toEqual([[1, true], [2, false]]);
    expect([cells[0].ratio, cells[1].ratio, cells[1].peer?.threads]).toEqual([2, 1.25, 2]);
    const t = formatEfficiencyTable(cells, [1, 2]).split('\n');
    expect(t[0]).toBe('| setting  | variant         | ours ex/s | ours ms/step | ours CPU ms/step | peer ex/s 1 thr | peer ex/s 2 thr | best peer ex/s ' +
      '| best peer thr | best peer ms/step | ours / best peer | ours RSS MiB |');
    expect(t[2]).toBe('| features | cached          |     2,000 |        128.0 |             32.0 |           1,000 |             800 |          1,000 ' +
      '|             1 |             256.0 |            2.00x |          300 |');
    expect(t[3]).toBe('| features | sampled-softmax |     1,600 |        160.0 |             40.0 |           1,000 |           1,280 |          1,280 ' +
      '|             2 |             200.0 |            1.25x |          300 |');
    expect(t[4]).toBe('| features | inter           |     1,500 |        170.7 |             42.7 |             750 |             n/a |            750 ' +
      '|             1 |             341.3 |            2.00x |          300 |');
    // without an explicit list the columns are the thread counts seen in the cells
    expect(formatEfficiencyTable(cells).split('\n')[0]).toBe(t[0]);
    expect(cachedOverSampled(cells).features).toEqual({ ours: 1.25, peer: 1000 / 1280 });
    expect(bestPeerThreadsSummary(cells)).toBe('1 thread in 2 cells, 2 threads in 1 cell');
  });

  it('heads throughput.md with the GEMM path, the native switches and the peer thread counts', () => {
    const cells = [cell('features', 'cached', 2000, { 1: 1000, 2: 800 })];
    const report: EfficiencyReport = {
      tool: 'clrec-bench', scenario: 'throughput', createdAt: '2025-01-01T00:00:00.000Z', machine: { cores: 2, cpu: 'test CPU', node: 'v20', loadAverage1m: 1 },
      ours: {
        implementation: 'CLRec TypeScript', backend: 'wasm', threads: 1, native: 'native kernels: on (bundled GEMM (AVX2+FMA), 2 threads)', optimizer: 'lazy',
        dedupe: true, gemm: 'bundled GEMM (AVX2+FMA)', gemmThreads: 2, nativeEnv: { CLREC_BLAS: null, CLREC_NATIVE: null, CLREC_NATIVE_THREADS: '2' },
      },
      peer: { requested: true, ran: true, python: 'python3', script: 'peer_torch.py', torch: '1.13', threads: [1, 2] },
      workload: DEFAULT_WORKLOAD, catalogs: [100_000], steps: 30, warmup: 5, cells, cachedOverSampled: {}, wallSeconds: 1,
    };
    const md = formatEfficiencyMarkdown(report);
    expect(md).toContain('Peer: PyTorch 1.13 (`peer_torch.py`) at 1 and 2 threads; each cell compares ours with the faster (best peer); ' +
      'best peer at 1 thread in 1 cell.');
    expect(md).toContain('GEMM path (ours): bundled GEMM (AVX2+FMA) on 2 threads; CLREC_BLAS unset, CLREC_NATIVE unset, CLREC_NATIVE_THREADS=2.');
    expect(md).toContain('| peer ex/s 1 thr | peer ex/s 2 thr | best peer ex/s |');
    const off = formatEfficiencyMarkdown({
      ...report, ours: { ...report.ours, gemm: 'WASM only (native addon off: disabled by CLREC_NATIVE=0)', gemmThreads: null },
      peer: { requested: false, ran: false }, cells: [cell('features', 'cached', 2000, null)],
    });
    expect(off).toContain('GEMM path (ours): WASM only (native addon off: disabled by CLREC_NATIVE=0); CLREC_BLAS unset');
    expect(off).toContain('| ours CPU ms/step | best peer ex/s |');
  });

  it('formats the catalog-size sweep: step time per size, largest / smallest, memory at the largest', () => {
    // 10k: 2,000 ex/s = 128 ms/step; 1M: 1,600 ex/s = 160 ms/step → 160 / 128 = 1.25x
    const cells = [cell('features', 'cached', 2000, null, 10_000), cell('features', 'cached', 1600, null, 1_000_000)];
    expect(formatEfficiencyTable(cells).split('\n')[0]).toMatch(/^\| +catalog \| setting/);
    const t = formatSweepTable(cells).split('\n');
    // CPU ms/step: 64,000 / ex/s = 32 and 40 → 1.25x
    expect(t[0]).toBe('| setting/variant | ms/step @ 10,000 | ms/step @ 1,000,000 | 1,000,000 / 10,000 | CPU ms/step @ 10,000 | CPU ms/step @ 1,000,000 ' +
      '| CPU 1,000,000 / 10,000 | RSS MiB @ 1,000,000 | tensors MiB @ 1,000,000 | optimizer host MiB @ 1,000,000 |');
    expect(t[2]).toBe('| features/cached |            128.0 |               160.0 |              1.25x |                 32.0 |                    40.0 ' +
      '|                  1.25x |                 300 |                     100 |                             50 |');
  });

  it('formats the sampling table', () => {
    const row: SamplingRow = {
      objective: 'infonce-inter', label: '', loss: 'infonce', queue: 'inter', hr50: 0.12345, ndcg10: 0.04321, diversity50: 4321, coverage50: 0.357,
      hr50Check: 0.12345, examplesPerSecond: 2345.6, bestEpoch: 2, trainSeconds: 10, runDir: 'x',
    };
    expect(formatSamplingTable([row], 12101).split('\n')[2])
      .toBe('| infonce-inter | infonce + inter | 0.1235 |  0.0432 |   4,321 / 12,101 |    35.7% |      2,346 |');
  });
});

describe('peer', () => {
  const saved = process.env.CLREC_SHARED_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.CLREC_SHARED_DIR;
    else process.env.CLREC_SHARED_DIR = saved;
  });

  it('passes the same shapes, setting and variant to peer_torch.py', () => {
    const args = peerArgs({ ...DEFAULT_WORKLOAD, catalog: 5000 }, 'rich-label', 'cached', 30, 5, 2);
    expect(args.join(' ')).toBe('--items 5000 --dim 64 --seq-len 50 --heads 8 --batch 256 --queue 2560 --features 6 --variant cached ' +
      '--steps 30 --warmup 5 --threads 2 --seed 7 --rich-label');
    const plain = peerArgs(DEFAULT_WORKLOAD, 'plain', 'inter', 1, 0, 1);
    expect(plain[plain.indexOf('--features') + 1]).toBe('0');
    expect(plain).not.toContain('--rich-label');
  });

  it('runs the peer at 1 and all cores by default, or at the --peer-threads list, and picks the fastest run', () => {
    expect(peerThreadCounts([], 2)).toEqual([1, 2]);
    expect(peerThreadCounts([], 1)).toEqual([1]);
    expect(peerThreadCounts([], 0)).toEqual([1]);
    expect(peerThreadCounts([2, 1], 8)).toEqual([2, 1]);
    expect(peerThreadCounts([0, 8, 1], 8)).toEqual([8, 1]);
    const runs = [{ threads: 1, examplesPerSecond: 900 }, { threads: 2, examplesPerSecond: 1100 }, { threads: 4, examplesPerSecond: 1100 }];
    expect(bestPeerRun(runs)?.threads).toBe(2);
    expect(bestPeerRun([])).toBeNull();
  });

  it('parses the peer JSON line and finds the script via CLREC_SHARED_DIR', () => {
    const r = parsePeerOutput('noise\n{"peer": "torch", "torch": "1.13", "threads": 2, "step_ms": 150.5, "pos_per_s": 1700.2, "loss": 7.1}\n');
    expect(r).toEqual({ examplesPerSecond: 1700.2, stepMs: 150.5, threads: 2, torch: '1.13', loss: 7.1 });
    expect(() => parsePeerOutput('Traceback ...')).toThrow('no JSON result line');
    const dir = mkdtempSync(join(tmpdir(), 'clrec-shared-'));
    mkdirSync(join(dir, 'bench'));
    writeFileSync(join(dir, 'bench', 'peer_torch.py'), '');
    process.env.CLREC_SHARED_DIR = dir;
    expect(findPeerScript(undefined, '/')).toBe(join(dir, 'bench', 'peer_torch.py'));
    expect(findPeerScript(join(dir, 'missing.py'))).toBeNull();
  });
});
