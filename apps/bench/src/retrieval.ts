import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { currentLoad, machineInfo, type MachineInfo } from './machine';
import { BenchProgress, formatDuration } from './progress';
import { clusteredVectors, expandEmbeddings, uniformVectors, type VectorSet } from './retrieval-data';
import { type ExactMeasurement, type HnswBuild, type HnswMeasurement, measureExact, measureHnsw } from './retrieval-measure';
import { formatRetrievalMarkdown } from './retrieval-report';

/** Catalogs the retrieval scenario can measure. */
export const RETRIEVAL_DATASETS = ['clustered', 'uniform', 'trained', 'trained-expanded'] as const;

/** One of {@link RETRIEVAL_DATASETS}. */
export type RetrievalDataset = (typeof RETRIEVAL_DATASETS)[number];

/** The targets a setting is checked against (from the issue). */
export interface RetrievalTargets {
  /** Exact top-k must take at most this many ms per query at the largest size. */
  exactMsPerQuery: number;
  /** ANN recall@k against exact must reach this. */
  recall: number;
  /** ANN single-query p99 must stay under this many ms. */
  p99Ms: number;
}

/** Options of {@link runRetrieval}. */
export interface RetrievalOptions {
  /** The command line that ran the benchmark, for the report (optional). */
  command?: string;
  datasets: RetrievalDataset[];
  /** Catalog sizes of the synthetic datasets (and of `trained-expanded`). */
  sizes: number[];
  dim: number;
  k: number;
  /** Queries per catalog: ground truth, recall and batched throughput. */
  queries: number;
  /** Single-query exact searches timed per catalog. */
  exactSingleQueries: number;
  /** Single-query HNSW searches timed per setting. */
  hnswSingleQueries: number;
  builds: HnswBuild[];
  efs: number[];
  buildThreads: number;
  searchThreads: number;
  /** Gaussian centres and per-coordinate spread of `clustered`. */
  centres: number;
  spread: number;
  /** Per-coordinate noise added to resampled rows of `trained-expanded`. */
  expandNoise: number;
  seed: number;
  /** Trained catalog + real user queries (required by `trained` / `trained-expanded`). */
  trained?: VectorSet;
  targets: RetrievalTargets;
  /** Output directory for retrieval.json / retrieval.md (null: write nothing). */
  out: string | null;
  backend: { name: string; threads: number };
  progress?: BenchProgress;
}

/** Everything `retrieval.json` holds. */
export interface RetrievalReport {
  tool: 'clrec-bench';
  scenario: 'retrieval';
  createdAt: string;
  machine: MachineInfo;
  backend: { name: string; threads: number };
  k: number;
  targets: RetrievalTargets;
  datasets: { name: string; n: number; dim: number; queries: number; description: string }[];
  exact: ExactMeasurement[];
  /** `meetsTarget`: recall and wall-clock p99 within the targets; `meetsTargetCpu`: recall and CPU-time p99. */
  hnsw: (HnswMeasurement & { meetsTarget: boolean; meetsTargetCpu: boolean })[];
  /** 1-minute load average at the end (other work on the machine skews latency). */
  loadAfter: number;
  wallSeconds: number;
  /** The command line that produced the report (absent in reports written before it was recorded). */
  command?: string;
}

/** The catalogs to measure, in order: each synthetic one at each size, then the trained ones. */
function* catalogs(o: RetrievalOptions): Generator<VectorSet> {
  for (const name of o.datasets) {
    if (name === 'trained') {
      if (!o.trained) throw new Error('retrieval: dataset "trained" needs --run (a `clrec train` output directory)');
      yield o.trained;
      continue;
    }
    for (const n of o.sizes) {
      const seed = o.seed + n;
      if (name === 'clustered') yield clusteredVectors({ n, dim: o.dim, numQueries: o.queries, centres: o.centres, spread: o.spread, seed });
      else if (name === 'uniform') yield uniformVectors({ n, dim: o.dim, numQueries: o.queries, seed });
      else {
        const t = o.trained;
        if (!t) throw new Error('retrieval: dataset "trained-expanded" needs --run (a `clrec train` output directory)');
        if (n <= t.items.length / t.dim) continue;
        yield {
          name: 'trained-expanded', dim: t.dim, queries: t.queries, items: expandEmbeddings(t.items, t.dim, n, o.expandNoise, seed),
          description: `${t.description}, resampled to ${n} rows with per-coordinate noise ${o.expandNoise}`,
        };
      }
    }
  }
}

/**
 * The retrieval scenario: for each catalog, exact top-k latency (single queries and batched) and the
 * ground truth, then every HNSW setting (builds × ef) with build time, recall@k against exact and
 * single-query p50/p99. Writes `retrieval.json` + `retrieval.md` atomically and returns the report.
 */
export async function runRetrieval(o: RetrievalOptions): Promise<RetrievalReport> {
  const progress = o.progress ?? new BenchProgress();
  const start = Date.now();
  const report: RetrievalReport = {
    tool: 'clrec-bench', scenario: 'retrieval', createdAt: new Date().toISOString(), machine: machineInfo(), backend: o.backend,
    k: o.k, targets: o.targets, datasets: [], exact: [], hnsw: [], loadAfter: 0, wallSeconds: 0, ...(o.command ? { command: o.command } : {}),
  };
  const settings = o.builds.length * o.efs.length;
  for (const set of catalogs(o)) {
    const n = set.items.length / set.dim;
    const label = `${set.name} n=${n}`;
    report.datasets.push({ name: set.name, n, dim: set.dim, queries: set.queries.length / set.dim, description: set.description });
    progress.log(`retrieval: ${label}: exact top-${o.k} for ${set.queries.length / set.dim} queries (${o.exactSingleQueries} timed one at a time)`);
    const { m, truth } = measureExact(set, o.k, o.exactSingleQueries);
    report.exact.push(m);
    progress.log(`retrieval: ${label}: exact single p50 ${m.single.p50Ms.toFixed(2)} ms, p99 ${m.single.p99Ms.toFixed(2)} ms (CPU p50 ${m.singleCpu.p50Ms.toFixed(2)} ms); ` +
      `batched ${m.batchedMsPerQuery.toFixed(2)} ms/query; load ${currentLoad()}`);
    let done = 0;
    let buildStart = Date.now();
    let repairStart = Date.now();
    await measureHnsw(set, truth, {
      onBuildProgress: (b, inserted, total) => {
        if (inserted === 0) {
          buildStart = Date.now();
          return;
        }
        const sec = (Date.now() - buildStart) / 1000;
        if (inserted === total) repairStart = Date.now(); // the stranded-row repair starts now
        progress.update({
          label: `retrieval ${label} HNSW build M=${b.connectivity} efC=${b.expansionAdd}`, step: inserted, total,
          examplesPerSec: inserted / Math.max(sec, 1e-3), etaSec: inserted < total ? (sec / inserted) * (total - inserted) : 0, note: 'rows inserted',
        });
      },
      onRepairProgress: (b, checked, total) => {
        const sec = Math.max((Date.now() - repairStart) / 1000, 1e-3);
        progress.update({
          label: `retrieval ${label} HNSW repair M=${b.connectivity} efC=${b.expansionAdd}`, step: checked, total,
          examplesPerSec: checked / sec, etaSec: (sec / checked) * (total - checked), note: 'rows self-searched for stranded nodes',
        });
      },
      builds: o.builds, efs: o.efs, singleQueries: o.hnswSingleQueries, buildThreads: o.buildThreads, searchThreads: o.searchThreads,
      onBuild: (b, s, cpu, repair) => progress.log(`retrieval: ${label}: HNSW M=${b.connectivity} efC=${b.expansionAdd} built in ${s.toFixed(1)} s (${cpu.toFixed(1)} CPU s, ${o.buildThreads} threads, ${repair.rows} stranded rows re-inserted in ${repair.seconds.toFixed(1)} s, load ${currentLoad()})`),
      onResult: (h) => {
        const meetsTarget = h.recall >= o.targets.recall && h.single.p99Ms <= o.targets.p99Ms;
        const meetsTargetCpu = h.recall >= o.targets.recall && h.singleCpu.p99Ms <= o.targets.p99Ms;
        report.hnsw.push({ ...h, meetsTarget, meetsTargetCpu });
        done++;
        const el = (Date.now() - start) / 1000;
        progress.update({
          label: `retrieval ${label} hnsw`, step: done, total: settings,
          note: `M=${h.connectivity} efC=${h.expansionAdd} ef=${h.expansionSearch}: recall@${o.k} ${h.recall.toFixed(4)}, p50 ${h.single.p50Ms.toFixed(3)} ms, ` +
            `p99 ${h.single.p99Ms.toFixed(3)} ms (CPU p99 ${h.singleCpu.p99Ms.toFixed(3)} ms)${meetsTarget ? ' (meets target)' : ''}, elapsed ${formatDuration(el)}`,
        });
      },
    });
  }
  report.loadAfter = currentLoad();
  report.wallSeconds = (Date.now() - start) / 1000;
  if (o.out) {
    writeFileAtomic(join(o.out, 'retrieval.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(o.out, 'retrieval.md'), formatRetrievalMarkdown(report));
    progress.log(`retrieval: wrote ${join(o.out, 'retrieval.json')} and retrieval.md`);
  }
  return report;
}
