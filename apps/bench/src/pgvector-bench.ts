import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { currentLoad, machineInfo, type MachineInfo } from './machine';
import { type PgvectorBuild, type PgvectorMeasurement, measurePgvector } from './pgvector-measure';
import { formatPgvectorMarkdown } from './pgvector-report';
import { BenchProgress, formatDuration } from './progress';
import { clusteredVectors } from './retrieval-data';
import { type ExactMeasurement, type HnswBuild, type HnswMeasurement, measureExact, measureHnsw } from './retrieval-measure';

/** Options of {@link runPgvectorBench}. */
export interface PgvectorBenchOptions {
  /** The command line, for the report. */
  command?: string;
  /** Catalog sizes (clustered synthetic vectors, as `clrec-bench retrieval`). */
  sizes: number[];
  dim: number;
  k: number;
  /** Queries per catalog (recall and batched timing). */
  queries: number;
  /** Single-query searches timed per setting (pgvector and usearch). */
  singleQueries: number;
  /** Exact single-query searches timed (the ground truth is computed for all queries in batches). */
  exactSingleQueries: number;
  /** Queries per batched pgvector call. */
  batchSize: number;
  /** pgvector HNSW m and ef_construction. */
  m: number;
  efConstruction: number;
  /** ef_search values measured (pgvector), and usearch's ef values. */
  efs: number[];
  /** usearch builds to compare with (M:efConstruction); empty: none. */
  usearch: HnswBuild[];
  usearchThreads: number;
  /** Where the table is built (default: embedded in-memory PGlite). */
  connection?: string;
  maintenanceWorkMem?: string;
  centres: number;
  spread: number;
  seed: number;
  out: string | null;
  backend: { name: string; threads: number };
  progress?: BenchProgress;
}

/** Everything `pgvector.json` holds. */
export interface PgvectorBenchReport {
  tool: 'clrec-bench';
  scenario: 'pgvector';
  createdAt: string;
  machine: MachineInfo;
  backend: { name: string; threads: number };
  k: number;
  batchSize: number;
  datasets: { name: string; n: number; dim: number; queries: number; description: string }[];
  exact: ExactMeasurement[];
  pgvectorBuilds: PgvectorBuild[];
  pgvector: PgvectorMeasurement[];
  usearch: HnswMeasurement[];
  loadAfter: number;
  wallSeconds: number;
  command?: string;
}

/**
 * The pgvector scenario: for each catalog size, clustered vectors (as `clrec-bench retrieval`), the
 * exact ground truth, one pgvector HNSW build (load + index time) measured at each ef_search (recall@k,
 * single-query and batched latency), and usearch HNSW on the same vectors for comparison. Writes
 * `pgvector.json` + `pgvector.md` atomically after each catalog (a long 1M run keeps what it finished).
 */
export async function runPgvectorBench(o: PgvectorBenchOptions): Promise<PgvectorBenchReport> {
  const progress = o.progress ?? new BenchProgress();
  const start = Date.now();
  const report: PgvectorBenchReport = {
    tool: 'clrec-bench', scenario: 'pgvector', createdAt: new Date().toISOString(), machine: machineInfo(), backend: o.backend, k: o.k, batchSize: o.batchSize,
    datasets: [], exact: [], pgvectorBuilds: [], pgvector: [], usearch: [], loadAfter: 0, wallSeconds: 0, ...(o.command ? { command: o.command } : {}),
  };
  const write = () => {
    report.loadAfter = currentLoad();
    report.wallSeconds = (Date.now() - start) / 1000;
    if (!o.out) return;
    writeFileAtomic(join(o.out, 'pgvector.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(o.out, 'pgvector.md'), formatPgvectorMarkdown(report));
  };
  for (const n of o.sizes) {
    const set = clusteredVectors({ n, dim: o.dim, numQueries: o.queries, centres: o.centres, spread: o.spread, seed: o.seed + n });
    const label = `clustered n=${n}`;
    report.datasets.push({ name: set.name, n, dim: set.dim, queries: o.queries, description: set.description });
    progress.log(`pgvector: ${label}: exact top-${o.k} ground truth for ${o.queries} queries`);
    const { m: exact, truth } = measureExact(set, o.k, o.exactSingleQueries);
    report.exact.push(exact);
    let t0 = Date.now();
    const { build } = await measurePgvector(set, truth, {
      connection: o.connection, m: o.m, efConstruction: o.efConstruction, efs: o.efs, singleQueries: o.singleQueries, batchSize: o.batchSize,
      maintenanceWorkMem: o.maintenanceWorkMem,
      onProgress: (stage, rows, total) => {
        if (stage === 'index') {
          t0 = Date.now();
          progress.log(`pgvector: ${label}: ${total} rows loaded, CREATE INDEX … USING hnsw (m ${o.m}, ef_construction ${o.efConstruction}) running (no progress reports from inside it)`);
        } else if (stage === 'insert') progress.update({ label: `pgvector ${label} load`, step: rows, total, note: 'rows copied' });
      },
      onBuild: (b) => {
        report.pgvectorBuilds.push(b);
        progress.log(`pgvector: ${label}: built in ${b.buildSeconds.toFixed(1)} s (load ${b.loadSeconds.toFixed(1)} s, index ${b.indexSeconds.toFixed(1)} s = ` +
          `${Math.round(b.indexRowsPerSecond)} rows/s; ${b.buildCpuSeconds.toFixed(1)} CPU s; load avg ${currentLoad()}; index wait ${formatDuration((Date.now() - t0) / 1000)})`);
      },
      onResult: (m) => {
        report.pgvector.push(m);
        progress.log(`pgvector: ${label}: ef_search ${m.efSearch}: recall@${o.k} ${m.recall.toFixed(4)}, single p50 ${m.single.p50Ms.toFixed(2)} ms p99 ${m.single.p99Ms.toFixed(2)} ms, ` +
          `batch of ${m.batchSize} p50 ${m.batch.p50Ms.toFixed(1)} ms (${m.batchedMsPerQuery.toFixed(2)} ms/query)`);
      },
    });
    write();
    if (o.usearch.length) {
      await measureHnsw(set, truth, {
        builds: o.usearch, efs: o.efs, singleQueries: o.singleQueries, buildThreads: o.usearchThreads, searchThreads: o.usearchThreads,
        onBuild: (b, s) => progress.log(`pgvector: ${label}: usearch M=${b.connectivity} efC=${b.expansionAdd} built in ${s.toFixed(1)} s on ${o.usearchThreads} thread(s)`),
        onResult: (h) => {
          report.usearch.push(h);
          progress.log(`pgvector: ${label}: usearch ef ${h.expansionSearch}: recall@${o.k} ${h.recall.toFixed(4)}, single p50 ${h.single.p50Ms.toFixed(3)} ms p99 ${h.single.p99Ms.toFixed(3)} ms`);
        },
      });
    }
    write();
  }
  write();
  if (o.out) progress.log(`pgvector: wrote ${join(o.out, 'pgvector.json')} and pgvector.md`);
  return report;
}
