import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import {
  cachedOverSampled, type EfficiencyCell, type EfficiencyReport, formatEfficiencyMarkdown, type PeerRun, type SideResult,
} from './efficiency-report';
import { formatNativeEnv, gemmPath, type NativeEnv, nativeEnv, nativeStatus } from '@clrec/backend/node';
import { currentLoad, machineInfo } from './machine';
import { bestPeerRun, peerArgs, type PeerResult, type PeerSetup, runPeer } from './peer';
import { BenchProgress } from './progress';
import { makeCatalog } from './synthetic-data';
import { checkWorkload, type Setting, type Variant, type WorkloadShape } from './workload-config';
import type { WorkloadMemory } from './workload-run';
import { runWorkload } from './workload-run';

type OurSide = SideResult & { cpuMs: number; leakedTensors: number; memory: WorkloadMemory };

/** Options of {@link runEfficiency}. */
export interface EfficiencyOptions {
  shape: WorkloadShape;
  settings: Setting[];
  variants: Variant[];
  /**
   * Catalog sizes to run (the catalog-size sweep); default `[shape.catalog]`. Every size runs every
   * setting and variant, smallest first.
   */
  catalogs?: number[];
  steps: number;
  warmup: number;
  /** Run the PyTorch peer per cell, once per thread count of `peer.threads` (null: ours only). */
  peer: PeerSetup | null;
  /** Why the peer is not run although requested (recorded in the report). */
  peerSkippedReason?: string;
  /** Torch version of the peer's interpreter. */
  peerTorch?: string;
  /** Output directory for `throughput.json` and `throughput.md` (null: write nothing). */
  out: string | null;
  /**
   * Active compute backend, its threads and native-kernel status (recorded); `gemm` / `gemmThreads`:
   * what runs our matrix products and on how many threads (default: from `nativeStatus()`, see `gemmPath`).
   */
  backend: { name: string; threads: number; native?: string | null; gemm?: string; gemmThreads?: number | null };
  /** The GEMM-related environment switches to record (default: this process's, see `nativeEnv`). */
  nativeEnv?: NativeEnv;
  optimizer?: 'lazy' | 'dense';
  dedupe?: boolean;
  progress?: BenchProgress;
}

/**
 * The throughput scenario (`clrec-bench throughput`, alias `efficiency`): for each catalog size and
 * setting (catalog drawn once, outside the measured region) and each variant, runs our workload and
 * (optionally) the PyTorch peer with the same shapes, alternating which goes first from cell to cell
 * so slow drifts in machine load hit both sides alike. Records step time, throughput and memory per
 * cell. Writes `throughput.json` + `throughput.md` atomically, and returns the report.
 */
export async function runEfficiency(opts: EfficiencyOptions): Promise<EfficiencyReport> {
  checkWorkload(opts.shape);
  const catalogs = [...new Set(opts.catalogs ?? [opts.shape.catalog])].sort((a, b) => a - b);
  for (const c of catalogs) checkWorkload({ ...opts.shape, catalog: c });
  const progress = opts.progress ?? new BenchProgress();
  const start = Date.now();
  const peerThreads = opts.peer?.threads ?? [];
  if (opts.peer && peerThreads.length === 0) throw new Error('runEfficiency: peer.threads is empty');
  const phases = catalogs.length * opts.settings.length * opts.variants.length * (1 + peerThreads.length);
  let phasesDone = 0;
  const eta = (fraction: number) => {
    const f = (phasesDone + fraction) / phases;
    return f > 0 ? ((Date.now() - start) / 1000) * (1 - f) / f : undefined;
  };
  const status = nativeStatus();
  const gemm = opts.backend.gemm ?? gemmPath(opts.backend.name, status);
  const gemmThreads = opts.backend.gemmThreads !== undefined ? opts.backend.gemmThreads
    : opts.backend.name === 'wasm' && status.addon ? status.threads : null;
  const env = opts.nativeEnv ?? nativeEnv();
  const cells: EfficiencyCell[] = [];
  const optimizer = opts.optimizer ?? 'lazy';
  const dedupe = opts.dedupe ?? true;
  progress.log(`throughput: ${opts.settings.length} settings x ${opts.variants.length} variants, ${opts.steps} steps after ${opts.warmup} warm-up, ` +
    `catalog ${catalogs.join(', ')}, peer ${opts.peer ? `torch ${opts.peerTorch ?? ''} (at ${peerThreads.join(', ')} threads; the faster counts)` : 'off'}; ` +
    `our GEMM: ${gemm}${gemmThreads === null ? '' : ` (${gemmThreads} thread${gemmThreads === 1 ? '' : 's'})`}; ${formatNativeEnv(env)}`);
  for (const catalogSize of catalogs) for (const setting of opts.settings) {
    const shape: WorkloadShape = { ...opts.shape, catalog: catalogSize };
    const catalog = makeCatalog(shape, setting);
    for (const variant of opts.variants) {
      const label = `${catalogs.length > 1 ? `${catalogSize}/` : ''}${setting}/${variant}`;
      const runOurs = (): OurSide => {
        const r = runWorkload(shape, setting, variant, catalog, {
          steps: opts.steps, warmup: opts.warmup, optimizer, dedupe,
          onStep: (p) => progress.update({
            label: `${label} ours`, step: p.step, total: p.total, note: p.warmup ? 'warm-up' : undefined,
            examplesPerSec: (shape.batch * 1000) / p.ms, etaSec: eta(p.step / p.total),
          }),
        });
        phasesDone++;
        return { examplesPerSecond: r.examplesPerSecond, stepMs: r.stepMs, cpuMs: r.cpuMs, loss: r.loss, leakedTensors: r.leakedTensors, memory: r.memory, loadAfter: currentLoad() };
      };
      const runTheirs = async (): Promise<{ runs: PeerRun[]; errors: string[] }> => {
        const runs: PeerRun[] = [];
        const errors: string[] = [];
        if (!opts.peer) return { runs, errors };
        for (const threads of peerThreads) {
          progress.log(`${label} peer: running peer_torch.py on ${threads} thread${threads === 1 ? '' : 's'} (${opts.steps + opts.warmup} steps)…`);
          try {
            const r: PeerResult = await runPeer(opts.peer, peerArgs(shape, setting, variant, opts.steps, opts.warmup, threads), threads);
            runs.push({ threads, examplesPerSecond: r.examplesPerSecond, stepMs: r.stepMs, loss: r.loss, loadAfter: currentLoad(), best: false });
          } catch (e) {
            errors.push(`${threads} thread${threads === 1 ? '' : 's'}: ${(e as Error).message}`);
          } finally {
            phasesDone++;
          }
        }
        const best = bestPeerRun(runs);
        if (best) best.best = true;
        return { runs, errors };
      };
      const order = cells.length % 2 === 0 ? 'ours-first' : 'peer-first';
      let ours: OurSide;
      let theirs: Awaited<ReturnType<typeof runTheirs>>;
      if (order === 'ours-first') {
        ours = runOurs();
        theirs = await runTheirs();
      } else {
        theirs = await runTheirs();
        ours = runOurs();
      }
      const best = bestPeerRun(theirs.runs);
      const peer = best
        ? { examplesPerSecond: best.examplesPerSecond, stepMs: best.stepMs, loss: best.loss, loadAfter: best.loadAfter, threads: best.threads }
        : null;
      const cell: EfficiencyCell = {
        catalog: catalogSize, setting, variant, ours, peer, peerRuns: theirs.runs, ratio: peer ? ours.examplesPerSecond / peer.examplesPerSecond : null, order,
        ...(theirs.errors.length ? { peerError: theirs.errors.join('; ') } : {}),
      };
      cells.push(cell);
      progress.log(`${label}: ours ${Math.round(ours.examplesPerSecond)} ex/s (${ours.stepMs.toFixed(1)} ms/step, ${ours.cpuMs.toFixed(1)} CPU ms/step)` +
        theirs.runs.map((r) => `, peer ${r.threads} thr ${Math.round(r.examplesPerSecond)} ex/s (${r.stepMs.toFixed(1)} ms/step)`).join('') +
        (peer ? `, ours / best peer (${peer.threads} thr) ${cell.ratio!.toFixed(2)}x` : '') +
        (cell.peerError ? `, peer failed: ${cell.peerError}` : '') + `, RSS ${Math.round(ours.memory.rss / 2 ** 20)} MiB, load ${currentLoad()}`);
    }
  }
  const report: EfficiencyReport = {
    tool: 'clrec-bench', scenario: 'throughput', createdAt: new Date().toISOString(), machine: machineInfo(),
    ours: {
      implementation: 'CLRec TypeScript (TensorFlow.js 4.22)', backend: opts.backend.name, threads: opts.backend.threads,
      native: opts.backend.native ?? null, optimizer, dedupe, gemm, gemmThreads, nativeEnv: env,
    },
    peer: opts.peer
      ? { requested: true, ran: cells.some((c) => c.peer), python: opts.peer.python, script: opts.peer.script, torch: opts.peerTorch, threads: opts.peer.threads }
      : { requested: Boolean(opts.peerSkippedReason), ran: false, skippedReason: opts.peerSkippedReason },
    workload: opts.shape, catalogs, steps: opts.steps, warmup: opts.warmup, cells, cachedOverSampled: cachedOverSampled(cells),
    wallSeconds: (Date.now() - start) / 1000,
  };
  if (opts.out) {
    writeFileAtomic(join(opts.out, 'throughput.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(opts.out, 'throughput.md'), formatEfficiencyMarkdown(report));
    progress.log(`throughput: wrote ${join(opts.out, 'throughput.json')} and throughput.md`);
  }
  return report;
}
