import { formatNativeEnv, type NativeEnv } from '@clrec/backend';
import type { MachineInfo } from './machine';
import { formatMarkdownTable, formatNumber } from './markdown-table';
import type { Setting, Variant, WorkloadShape } from './workload-config';
import type { WorkloadMemory } from './workload-run';

/** One measured side of a cell. */
export interface SideResult {
  /** Positive examples per second over the measured steps. */
  examplesPerSecond: number;
  /** Mean milliseconds per measured step. */
  stepMs: number;
  /** Loss of the last step (sanity check). */
  loss: number;
  /** 1-minute load average right after the run. */
  loadAfter: number;
}

/** One peer measurement of a cell: the torch thread count it ran at, and whether it was the cell's fastest. */
export interface PeerRun extends SideResult {
  /** Torch threads (`--threads`, `OMP_NUM_THREADS`) of this run. */
  threads: number;
  /** True for the cell's fastest peer run (the one `EfficiencyCell.peer` and `ratio` use). */
  best: boolean;
}

/** One (catalog size, setting, variant) cell of the throughput grid. */
export interface EfficiencyCell {
  /** Catalog size of this cell. */
  catalog: number;
  setting: Setting;
  variant: Variant;
  /** Ours; `cpuMs`: CPU milliseconds per measured step, all threads (robust to other load). */
  ours: SideResult & { cpuMs: number; leakedTensors: number; memory: WorkloadMemory };
  /** The best (fastest) peer measurement of {@link peerRuns}; null when the peer was not run or every run failed. */
  peer: (SideResult & { threads: number }) | null;
  /** Every peer measurement of this cell, one per thread count, in the order run; `best` marks the fastest. */
  peerRuns: PeerRun[];
  /** Why peer runs failed (`<threads> threads: <error>`, joined by `; `), when any did. */
  peerError?: string;
  /** ours / best peer examples per second (null without a peer figure). */
  ratio: number | null;
  /** Which side ran first in this cell (the order alternates between cells). */
  order: 'ours-first' | 'peer-first';
}

/** Contents of `throughput.json`. */
export interface EfficiencyReport {
  tool: 'clrec-bench';
  scenario: 'throughput';
  createdAt: string;
  machine: MachineInfo;
  ours: {
    implementation: string; backend: string; threads: number; native: string | null; optimizer: 'lazy' | 'dense'; dedupe: boolean;
    /** What ran our matrix products (see `gemmPath`), e.g. `bundled GEMM (AVX2+FMA)` or `WASM only (native addon off: …)`. */
    gemm: string;
    /** Threads of the native products (null without the native addon). */
    gemmThreads: number | null;
    /** The environment switches that choose the GEMM path (null: unset). */
    nativeEnv: NativeEnv;
  };
  /** `threads`: the torch thread counts every cell ran the peer at. */
  peer: { requested: boolean; ran: boolean; python?: string; script?: string; torch?: string; threads?: number[]; skippedReason?: string };
  workload: WorkloadShape;
  /** Catalog sizes run (one unless it is a sweep). */
  catalogs: number[];
  steps: number;
  warmup: number;
  cells: EfficiencyCell[];
  /** Per setting: ours cached / ours sampled-softmax throughput (null if either is missing). */
  cachedOverSampled: Partial<Record<Setting, { ours: number | null; peer: number | null }>>;
  wallSeconds: number;
}

/** cached / sampled-softmax throughput per setting (at the largest catalog run), for ours and the peer. */
export function cachedOverSampled(cells: EfficiencyCell[]): EfficiencyReport['cachedOverSampled'] {
  const out: EfficiencyReport['cachedOverSampled'] = {};
  const settings = [...new Set(cells.map((c) => c.setting))];
  const largest = Math.max(...cells.map((c) => c.catalog));
  for (const s of settings) {
    const c = cells.find((x) => x.catalog === largest && x.setting === s && x.variant === 'cached');
    const m = cells.find((x) => x.catalog === largest && x.setting === s && x.variant === 'sampled-softmax');
    if (!c || !m) continue;
    out[s] = {
      ours: c.ours.examplesPerSecond / m.ours.examplesPerSecond,
      peer: c.peer && m.peer ? c.peer.examplesPerSecond / m.peer.examplesPerSecond : null,
    };
  }
  return out;
}

const mib = (bytes: number) => formatNumber(bytes / 2 ** 20);

/** Torch thread counts of the cells' peer runs, in first-seen order. */
function peerThreadColumns(cells: EfficiencyCell[]): number[] {
  return [...new Set(cells.flatMap((c) => c.peerRuns.map((r) => r.threads)))];
}

/**
 * The main table: rows = (catalog ×) setting × variant; ours ex/s (wall and CPU time), the peer's ex/s at
 * each thread count, the best peer (ex/s, its threads, ms/step), ours / best peer, our RSS.
 * @param peerThreads thread counts to give a peer column each (default: those of the cells' peer runs)
 */
export function formatEfficiencyTable(cells: EfficiencyCell[], peerThreads: readonly number[] = peerThreadColumns(cells)): string {
  const sweep = new Set(cells.map((c) => c.catalog)).size > 1;
  return formatMarkdownTable(
    [...(sweep ? ['catalog'] : []), 'setting', 'variant', 'ours ex/s', 'ours ms/step', 'ours CPU ms/step',
      ...peerThreads.map((t) => `peer ex/s ${t} thr`), 'best peer ex/s', 'best peer thr', 'best peer ms/step', 'ours / best peer', 'ours RSS MiB'],
    cells.map((c) => [
      ...(sweep ? [formatNumber(c.catalog)] : []),
      c.setting, c.variant, formatNumber(c.ours.examplesPerSecond), formatNumber(c.ours.stepMs, 1), formatNumber(c.ours.cpuMs, 1),
      ...peerThreads.map((t) => formatNumber(c.peerRuns.find((r) => r.threads === t)?.examplesPerSecond)),
      formatNumber(c.peer?.examplesPerSecond), c.peer ? String(c.peer.threads) : 'n/a', formatNumber(c.peer?.stepMs, 1),
      c.ratio === null ? 'n/a' : `${c.ratio.toFixed(2)}x`, mib(c.ours.memory.rss),
    ]),
    [...(sweep ? ['right' as const] : []), 'left', 'left', ...Array<'right'>(peerThreads.length + 9).fill('right')],
  );
}

/** `1 thread in 4 cells, 2 threads in 2 cells`: how often each thread count was the best peer. */
export function bestPeerThreadsSummary(cells: EfficiencyCell[]): string {
  const counts = new Map<number, number>();
  for (const c of cells) if (c.peer) counts.set(c.peer.threads, (counts.get(c.peer.threads) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0])
    .map(([t, n]) => `${t} thread${t === 1 ? '' : 's'} in ${n} cell${n === 1 ? '' : 's'}`).join(', ');
}

/**
 * The catalog-size sweep: per setting and variant, our step time at each size and the ratio of the
 * largest to the smallest (sparse updates keep it near 1), plus memory at the largest size.
 */
export function formatSweepTable(cells: EfficiencyCell[]): string {
  const sizes = [...new Set(cells.map((c) => c.catalog))].sort((a, b) => a - b);
  const keys = [...new Set(cells.map((c) => `${c.setting}/${c.variant}`))];
  const rows = keys.map((k) => {
    const at = (n: number) => cells.find((c) => c.catalog === n && `${c.setting}/${c.variant}` === k);
    const first = at(sizes[0]);
    const last = at(sizes[sizes.length - 1]);
    return [
      k, ...sizes.map((n) => formatNumber(at(n)?.ours.stepMs, 1)),
      first && last ? `${(last.ours.stepMs / first.ours.stepMs).toFixed(2)}x` : 'n/a',
      ...sizes.map((n) => formatNumber(at(n)?.ours.cpuMs, 1)),
      first && last ? `${(last.ours.cpuMs / first.ours.cpuMs).toFixed(2)}x` : 'n/a',
      last ? mib(last.ours.memory.rss) : 'n/a', last ? mib(last.ours.memory.tensorBytes) : 'n/a',
      last ? mib(last.ours.memory.optimizerHost) : 'n/a',
    ];
  });
  const big = formatNumber(sizes[sizes.length - 1]);
  return formatMarkdownTable(
    ['setting/variant', ...sizes.map((n) => `ms/step @ ${formatNumber(n)}`), `${big} / ${formatNumber(sizes[0])}`,
      ...sizes.map((n) => `CPU ms/step @ ${formatNumber(n)}`), `CPU ${big} / ${formatNumber(sizes[0])}`,
      `RSS MiB @ ${big}`, `tensors MiB @ ${big}`, `optimizer host MiB @ ${big}`],
    rows,
  );
}

/** The whole `efficiency.md`: context line, main table, cached-vs-sampled table and notes. */
export function formatEfficiencyMarkdown(r: EfficiencyReport): string {
  const m = r.machine;
  const w = r.workload;
  const threads = r.peer.threads ?? [];
  const peer = r.peer.ran
    ? `PyTorch ${r.peer.torch} (\`peer_torch.py\`) at ${threads.length > 1 ? `${threads.slice(0, -1).join(', ')} and ${threads[threads.length - 1]}` : threads.join('')} thread${threads.length === 1 && threads[0] === 1 ? '' : 's'}` +
      `${threads.length > 1 ? '; each cell compares ours with the faster (best peer)' : ''}; best peer at ${bestPeerThreadsSummary(r.cells)}`
    : `not run${r.peer.skippedReason ? ` (${r.peer.skippedReason})` : ''}`;
  const gemmThreads = r.ours.gemmThreads === null ? '' : ` on ${r.ours.gemmThreads} thread${r.ours.gemmThreads === 1 ? '' : 's'}`;
  const ratioRows = Object.entries(r.cachedOverSampled).map(([s, v]) => [
    s, v.ours === null ? 'n/a' : `${v.ours.toFixed(2)}x`, v.peer === null || v.peer === undefined ? 'n/a' : `${v.peer.toFixed(2)}x`,
  ]);
  const lines = [
    '# CLRec training throughput (WORKLOAD.md)',
    '',
    `Machine: ${m.cores} cores (${m.cpu}), Node ${m.node}, load average ${m.loadAverage1m} at the end. ` +
      `Ours: ${r.ours.implementation}, backend ${r.ours.backend} (${r.ours.threads} thread${r.ours.threads === 1 ? '' : 's'}` +
      `${r.ours.native ? `; ${r.ours.native}` : ''}), ` +
      `${r.ours.optimizer === 'lazy' ? 'lazy (sparse) Adam on embedding tables' : 'dense Adam'}, ` +
      `distinct-id encoding ${r.ours.dedupe ? 'on' : 'off'}. Peer: ${peer}.`,
    '',
    `GEMM path (ours): ${r.ours.gemm}${gemmThreads}; ${formatNativeEnv(r.ours.nativeEnv)}.`,
    '',
    `Workload: catalog ${r.catalogs.map((c) => formatNumber(c)).join(' / ')}, d ${w.dim}, T ${w.seqLen} (lengths ${w.minLen}..${w.seqLen}), H ${w.heads}, ` +
      `B ${w.batch}, Q ${formatNumber(w.queue)}, ${w.featureVocabs.length} categorical features, ${w.timeBuckets} time buckets, ` +
      `temperature ${w.temperature}, Adam ${w.learningRate}. ${r.steps} measured steps after ${r.warmup} warm-up steps per cell; ` +
      'positive examples/s = B x steps / wall time of the measured steps.',
    '',
    formatEfficiencyTable(r.cells, r.peer.ran ? threads : undefined),
    '',
    ...(r.catalogs.length > 1 ? ['Catalog-size sweep (our step time; memory of our process at the largest catalog):', '', formatSweepTable(r.cells), ''] : []),
    'cached / sampled-softmax throughput (> 1: CLRec-cached is faster; the peer column uses the best peer of each cell):',
    '',
    formatMarkdownTable(['setting', 'ours', 'peer'], ratioRows),
    '',
  ];
  const leaks = r.cells.filter((c) => c.ours.leakedTensors !== 0);
  if (leaks.length) lines.push(`Warning: tensors leaked in ${leaks.map((c) => `${c.catalog}/${c.setting}/${c.variant}`).join(', ')}.`, '');
  const failed = r.cells.filter((c) => c.peerError);
  if (failed.length) lines.push(...failed.map((c) => `Peer failed for ${c.catalog}/${c.setting}/${c.variant}: ${c.peerError}`), '');
  return lines.join('\n');
}
