import { recallAgainstExact, type VectorSearchResult } from '@clrec/core';
import { PgvectorIndex } from '@clrec/pgvector/node';
import type { VectorSet } from './retrieval-data';
import { type LatencyStats, latencyStats } from './retrieval-measure';

/** How the pgvector table was built, once per catalog. */
export interface PgvectorBuild {
  dataset: string;
  n: number;
  dim: number;
  /** pgvector HNSW `m` and `ef_construction`. */
  m: number;
  efConstruction: number;
  /** Where (password masked), e.g. `embedded PGlite (in memory)`. */
  connection: string;
  /** Opening the store and loading the rows (binary COPY on the embedded store). */
  loadSeconds: number;
  /** `CREATE INDEX … USING hnsw` alone. */
  indexSeconds: number;
  /** Open + load + index. */
  buildSeconds: number;
  /** CPU seconds of the whole build (all threads of this process: the store runs in a worker thread). */
  buildCpuSeconds: number;
  /** Rows indexed per second of `CREATE INDEX`. */
  indexRowsPerSecond: number;
}

/** One ef_search setting on a built table. */
export interface PgvectorMeasurement {
  dataset: string;
  n: number;
  dim: number;
  k: number;
  efSearch: number;
  /** Mean recall@k against the exact top-k over all queries. */
  recall: number;
  /** One query per call (serving), wall clock, and CPU time of the same calls. */
  single: LatencyStats;
  singleCpu: LatencyStats;
  /** `batchSize` queries per call (one statement): latency of each call. */
  batch: LatencyStats;
  batchSize: number;
  /** Batched wall time per query, ms. */
  batchedMsPerQuery: number;
}

/** Options of {@link measurePgvector}. */
export interface PgvectorMeasureOptions {
  connection?: string;
  m: number;
  efConstruction: number;
  efs: number[];
  singleQueries: number;
  batchSize: number;
  maintenanceWorkMem?: string;
  onBuild?: (b: PgvectorBuild) => void;
  onResult?: (m: PgvectorMeasurement) => void;
  /** Rows loaded so far, then `index` when CREATE INDEX starts. */
  onProgress?: (stage: 'insert' | 'index' | 'done', rows: number, total: number) => void;
}

/**
 * Builds a pgvector table over `set` (one HNSW build), then for each ef_search measures recall@k
 * against `truth` (all queries, in batches), single-query latency and batched latency. The table is
 * dropped with its store (in memory) or left in place (a persistent connection) and the index closed.
 */
export async function measurePgvector(set: VectorSet, truth: VectorSearchResult, o: PgvectorMeasureOptions): Promise<{ build: PgvectorBuild; results: PgvectorMeasurement[] }> {
  const n = set.items.length / set.dim;
  const k = truth.k;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let tIndex = t0;
  const index = await PgvectorIndex.build(set.items, set.dim, {
    connection: o.connection, table: 'clrec_bench_items', m: o.m, efConstruction: o.efConstruction, efSearch: o.efs[0], maintenanceWorkMem: o.maintenanceWorkMem,
    onProgress: (stage, rows, total) => {
      if (stage === 'index') tIndex = performance.now();
      o.onProgress?.(stage, rows, total);
    },
  });
  const cpu = process.cpuUsage(cpu0);
  const t1 = performance.now();
  const build: PgvectorBuild = {
    dataset: set.name, n, dim: set.dim, m: o.m, efConstruction: o.efConstruction, connection: index.connection,
    loadSeconds: (tIndex - t0) / 1000, indexSeconds: (t1 - tIndex) / 1000, buildSeconds: (t1 - t0) / 1000, buildCpuSeconds: (cpu.user + cpu.system) / 1e6,
    indexRowsPerSecond: n / Math.max((t1 - tIndex) / 1000, 1e-9),
  };
  o.onBuild?.(build);
  const results: PgvectorMeasurement[] = [];
  try {
    const nq = set.queries.length / set.dim;
    for (const ef of o.efs) {
      index.setEfSearch(ef);
      const batchMs: number[] = [];
      const ids = new Int32Array(nq * k);
      for (let q0 = 0; q0 < nq; q0 += o.batchSize) {
        const q1 = Math.min(nq, q0 + o.batchSize);
        const t = performance.now();
        const r = index.search(set.queries.subarray(q0 * set.dim, q1 * set.dim), k);
        batchMs.push(performance.now() - t);
        ids.set(r.ids, q0 * k);
      }
      for (let i = 0; i < 10; i++) index.search(set.queries.subarray(0, set.dim), k); // warm-up
      const wall: number[] = [];
      const cpuMs: number[] = [];
      for (let i = 0; i < o.singleQueries; i++) {
        const q = i % nq;
        const c = process.cpuUsage();
        const t = performance.now();
        index.search(set.queries.subarray(q * set.dim, (q + 1) * set.dim), k);
        wall.push(performance.now() - t);
        const d = process.cpuUsage(c);
        cpuMs.push((d.user + d.system) / 1000);
      }
      const batch = latencyStats(batchMs);
      const m: PgvectorMeasurement = {
        dataset: set.name, n, dim: set.dim, k, efSearch: ef, recall: recallAgainstExact({ queries: nq, k, ids }, truth),
        single: latencyStats(wall), singleCpu: latencyStats(cpuMs), batch, batchSize: o.batchSize, batchedMsPerQuery: batch.meanMs * batchMs.length / nq,
      };
      results.push(m);
      o.onResult?.(m);
    }
  } finally {
    await index.close();
  }
  return { build, results };
}
