import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VectorSearchResult } from '@clrec/core';
import { ExactIndex, HnswIndex, recallAgainstExact } from '@clrec/retrieval/node';
import type { VectorSet } from './retrieval-data';

/** Latency summary of single-query searches, milliseconds. */
export interface LatencyStats {
  count: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentiles (p50, p99), mean and max of latency samples in ms. */
export function latencyStats(samplesMs: ArrayLike<number>): LatencyStats {
  const s = Float64Array.from(samplesMs).sort();
  if (s.length === 0) throw new Error('latencyStats: no samples');
  const pct = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  let sum = 0;
  for (const v of s) sum += v;
  return { count: s.length, meanMs: sum / s.length, p50Ms: pct(50), p99Ms: pct(99), maxMs: s[s.length - 1] };
}

/** Exact search figures for one catalog. */
export interface ExactMeasurement {
  dataset: string;
  n: number;
  dim: number;
  k: number;
  buildMs: number;
  /** One query per call (serving latency), wall clock. */
  single: LatencyStats;
  /** CPU time (user + system, all threads) of the same calls: the cost without waiting for a core. */
  singleCpu: LatencyStats;
  /** All queries in one call (blocks of `queryBlock`): wall time / queries. */
  batchedMsPerQuery: number;
  batchedQueries: number;
}

/** One HNSW setting on one catalog. */
export interface HnswMeasurement {
  dataset: string;
  n: number;
  dim: number;
  k: number;
  /** M (usearch connectivity). */
  connectivity: number;
  /** efConstruction (usearch expansion_add). */
  expansionAdd: number;
  /** ef (usearch expansion_search). */
  expansionSearch: number;
  buildSeconds: number;
  /** CPU seconds of the build (all threads): comparable across machine loads. */
  buildCpuSeconds: number;
  buildThreads: number;
  /** Rows the parallel build left unreachable and the build re-inserted (usearch #735; included in buildSeconds). */
  repairedRows: number;
  /** Wall seconds of that repair (part of buildSeconds). */
  repairSeconds: number;
  /** Mean recall@k against the exact top-k over all queries. */
  recall: number;
  /** One query per call on one thread, wall clock. */
  single: LatencyStats;
  /** CPU time of the same calls (excludes time spent waiting for a core on a loaded machine). */
  singleCpu: LatencyStats;
  /** All queries in one call on `searchThreads` threads: queries per second. */
  batchedQps: number;
  searchThreads: number;
}

/** Times `fn` over each query row separately (after `warmup` untimed calls): wall and CPU ms. */
function timeSingles(queries: Float32Array, dim: number, count: number, warmup: number, fn: (q: Float32Array) => void): { wall: LatencyStats; cpu: LatencyStats } {
  const nq = queries.length / dim;
  const row = (i: number) => queries.subarray((i % nq) * dim, ((i % nq) + 1) * dim);
  for (let i = 0; i < warmup; i++) fn(row(i));
  const wall = new Float64Array(count);
  const cpu = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const q = row(i);
    const c = process.cpuUsage();
    const t = performance.now();
    fn(q);
    wall[i] = performance.now() - t;
    const d = process.cpuUsage(c);
    cpu[i] = (d.user + d.system) / 1000;
  }
  return { wall: latencyStats(wall), cpu: latencyStats(cpu) };
}

/** Wall and CPU seconds of `fn`. */
async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const d = process.cpuUsage(c);
  return { value, seconds: (performance.now() - t) / 1000, cpuSeconds: (d.user + d.system) / 1e6 };
}

/**
 * Exact top-k for every query of `set` (the ground truth) plus its latency: `singleQueries` searches
 * of one query each, then all queries in one call. The index is disposed before returning.
 */
export function measureExact(set: VectorSet, k: number, singleQueries: number): { m: ExactMeasurement; truth: VectorSearchResult } {
  const n = set.items.length / set.dim;
  let t = performance.now();
  const index = ExactIndex.build(set.items, set.dim);
  const buildMs = performance.now() - t;
  try {
    const single = timeSingles(set.queries, set.dim, singleQueries, 3, (q) => index.search(q, k));
    t = performance.now();
    const truth = index.search(set.queries, k);
    const batchedMsPerQuery = (performance.now() - t) / truth.queries;
    return { m: { dataset: set.name, n, dim: set.dim, k, buildMs, single: single.wall, singleCpu: single.cpu, batchedMsPerQuery, batchedQueries: truth.queries }, truth };
  } finally {
    index.dispose();
  }
}

/** One graph build of {@link measureHnsw}: M and efConstruction. */
export interface HnswBuild {
  connectivity: number;
  expansionAdd: number;
}

/**
 * Builds one HNSW graph per `builds` entry and, for each `efs` value (via save + load of the graph,
 * since usearch fixes ef at creation), measures recall@k against `truth`, single-query latency on
 * one thread (`singleQueries` calls) and batched throughput on `searchThreads` threads.
 */
export async function measureHnsw(
  set: VectorSet,
  truth: VectorSearchResult,
  opts: {
    builds: HnswBuild[]; efs: number[]; singleQueries: number; buildThreads: number; searchThreads: number;
    onResult?: (m: HnswMeasurement) => void; onBuild?: (b: HnswBuild, seconds: number, cpuSeconds: number, repair: { rows: number; seconds: number }) => void;
    /** Rows inserted so far in the build of `b` (called with 0 before it starts). */
    onBuildProgress?: (b: HnswBuild, inserted: number, total: number) => void;
    /** Rows checked so far by the build's stranded-row repair (after the insertion). */
    onRepairProgress?: (b: HnswBuild, checked: number, total: number) => void;
  },
): Promise<HnswMeasurement[]> {
  const n = set.items.length / set.dim;
  const k = truth.k;
  const out: HnswMeasurement[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'clrec-retrieval-'));
  try {
    for (const b of opts.builds) {
      opts.onBuildProgress?.(b, 0, n);
      const { value: built, seconds: buildSeconds, cpuSeconds: buildCpuSeconds } = await timed(
        () => HnswIndex.build(set.items, set.dim, {
          ...b, expansionSearch: opts.efs[0], buildThreads: opts.buildThreads, onProgress: (d, t) => opts.onBuildProgress?.(b, d, t),
          onRepairProgress: (d, t) => opts.onRepairProgress?.(b, d, t),
        }),
      );
      opts.onBuild?.(b, buildSeconds, buildCpuSeconds, { rows: built.repairedRows, seconds: built.repairSeconds });
      const file = join(dir, `m${b.connectivity}-ef${b.expansionAdd}.usearch`);
      if (opts.efs.length > 1) built.save(file);
      for (const [i, ef] of opts.efs.entries()) {
        const index = i === 0 ? built : await HnswIndex.load(file, set.dim, { ...b, expansionSearch: ef });
        const single = timeSingles(set.queries, set.dim, opts.singleQueries, 20, (q) => index.search(q, k, 1));
        const t2 = performance.now();
        const approx = index.search(set.queries, k, opts.searchThreads);
        const batchedQps = approx.queries / ((performance.now() - t2) / 1000);
        const m: HnswMeasurement = {
          dataset: set.name, n, dim: set.dim, k, ...b, expansionSearch: ef, buildSeconds, buildCpuSeconds, buildThreads: opts.buildThreads, repairedRows: built.repairedRows, repairSeconds: built.repairSeconds,
          recall: recallAgainstExact(approx, truth), single: single.wall, singleCpu: single.cpu, batchedQps, searchThreads: opts.searchThreads,
        };
        out.push(m);
        opts.onResult?.(m);
        index.dispose();
      }
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
