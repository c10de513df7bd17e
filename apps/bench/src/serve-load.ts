import { join } from 'node:path';
import { Rng } from '@clrec/core';
import { loadServingModel, prepareData, SERVE_DEFAULTS, type ServingModel, startServing } from '@clrec/training/node';
import { writeFileAtomic } from './atomic-write';
import { currentLoad, machineInfo, type MachineInfo } from './machine';
import { BenchProgress } from './progress';
import { type LatencyStats, latencyStats } from './retrieval-measure';
import { runLoadClient } from './serve-load-client';
import { formatServeLoadMarkdown } from './serve-load-report';

/** Options of {@link runServeLoad}. */
export interface ServeLoadOptions {
  /** Run or checkpoint directory: the model served, and the dataset request histories come from. */
  checkpoint: string;
  /** Hit this running server instead of starting one in-process. */
  url?: string;
  /** Index kinds to serve and measure in turn (ignored with `url`). */
  indexes: ('exact' | 'hnsw')[];
  /** Concurrency levels measured in turn. */
  concurrency: number[];
  /** Measured requests per level (0: use `durationSeconds`). */
  requests: number;
  durationSeconds: number;
  /** Unmeasured requests before each level. */
  warmup: number;
  /** List length asked for. */
  k: number;
  /** Distinct request bodies (real test-user histories). */
  bodies: number;
  seed: number;
  out: string | null;
  backend: { name: string; threads: number };
  progress?: BenchProgress;
}

/** One measured level. */
export interface ServeLoadRow {
  index: string;
  concurrency: number;
  requests: number;
  requestsPerSecond: number;
  latency: LatencyStats;
  statuses: Record<string, number>;
  errors: number;
  errorSamples: string[];
  /** 1-minute load average after the level. */
  loadAfter: number;
}

/** Everything `serve-load.json` holds. */
export interface ServeLoadReport {
  tool: 'clrec-bench';
  scenario: 'serve-load';
  createdAt: string;
  machine: MachineInfo;
  backend: { name: string; threads: number };
  checkpoint: string;
  target: string;
  catalog: { items: number; dim: number };
  k: number;
  bodies: number;
  meanHistory: number;
  rows: ServeLoadRow[];
}

/** Request bodies from `n` seeded test users of the checkpoint's dataset (their raw-id histories, last maxLen clicks). */
function makeBodies(m: ServingModel, n: number, k: number, seed: number, log: (l: string) => void): { bodies: string[]; meanHistory: number } {
  const data = prepareData(m.config, log);
  const test = data.split.test;
  const picked = new Rng(seed).shuffle(Array.from(test.keys())).slice(0, Math.min(n, test.length));
  let total = 0;
  const bodies = picked.map((j) => {
    const h = test[j].history.slice(-m.config.maxLen);
    total += h.length;
    return JSON.stringify({ items: Array.from(h, (d) => m.itemIds[d]), k });
  });
  return { bodies, meanHistory: total / Math.max(1, bodies.length) };
}

/**
 * The serving load scenario: starts `clrec serve` in-process on loopback (port 0) for each index kind
 * (or targets `url`), and for each concurrency level runs a closed-loop client in a worker thread
 * sending real test-user histories; reports requests/s and latency p50/p99/max, with every status
 * counted (anything but 200 is a failure of the run). Writes `serve-load.json` + `serve-load.md`.
 */
export async function runServeLoad(o: ServeLoadOptions): Promise<ServeLoadReport> {
  const progress = o.progress ?? new BenchProgress();
  const log = (l: string) => progress.log(l);
  const rows: ServeLoadRow[] = [];
  let report: ServeLoadReport | null = null;
  for (const index of o.url ? ['external'] : o.indexes) {
    // with --url only the model is loaded here: it supplies the raw ids of the request bodies
    const target = o.url
      ? ((model: ServingModel) => ({ url: o.url as string, model, close: async () => model.dispose() }))(loadServingModel(o.checkpoint, log))
      : await startServing({ ...SERVE_DEFAULTS, checkpoint: o.checkpoint, port: 0, index: index === 'hnsw' ? 'hnsw' : 'exact' }, log)
        .then((s) => ({ url: s.server.url, model: s.model, close: () => s.close() }));
    try {
      const { url, model } = target;
      const { bodies, meanHistory } = makeBodies(model, o.bodies, o.k, o.seed, log);
      report ??= {
        tool: 'clrec-bench', scenario: 'serve-load', createdAt: new Date().toISOString(), machine: machineInfo(), backend: o.backend,
        checkpoint: model.checkpointDir, target: o.url ?? 'in-process clrec serve on 127.0.0.1 (client in a worker thread)',
        catalog: { items: model.numItems, dim: model.dim }, k: o.k, bodies: bodies.length, meanHistory, rows,
      };
      for (const c of o.concurrency) {
        if (o.warmup > 0) await runLoadClient({ url, bodies, concurrency: c, requests: o.warmup, durationMs: 0 });
        progress.log(`serve-load: ${index} index, concurrency ${c}: ${o.requests > 0 ? `${o.requests} requests` : `${o.durationSeconds} s`} against ${url}`);
        const r = await runLoadClient({ url, bodies, concurrency: c, requests: o.requests, durationMs: o.durationSeconds * 1000 });
        const row: ServeLoadRow = {
          index, concurrency: c, requests: r.latenciesMs.length + r.errors, requestsPerSecond: r.latenciesMs.length / (r.wallMs / 1000),
          latency: latencyStats(r.latenciesMs), statuses: r.statuses, errors: r.errors, errorSamples: r.errorSamples, loadAfter: currentLoad(),
        };
        rows.push(row);
        progress.log(`serve-load: ${index} c=${c}: ${row.requestsPerSecond.toFixed(1)} req/s, p50 ${row.latency.p50Ms.toFixed(2)} ms, ` +
          `p99 ${row.latency.p99Ms.toFixed(2)} ms, max ${row.latency.maxMs.toFixed(2)} ms, statuses ${JSON.stringify(r.statuses)}, errors ${r.errors}`);
      }
    } finally {
      await target.close();
    }
  }
  if (!report) throw new Error('serve-load: nothing was measured');
  if (o.out) {
    writeFileAtomic(join(o.out, 'serve-load.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(o.out, 'serve-load.md'), formatServeLoadMarkdown(report));
    progress.log(`serve-load: wrote ${join(o.out, 'serve-load.json')} and serve-load.md`);
  }
  return report;
}
