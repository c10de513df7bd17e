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

/** One (catalog size, setting, variant) cell of the throughput grid. */
export interface EfficiencyCell {
  /** Catalog size of this cell. */
  catalog: number;
  setting: Setting;
  variant: Variant;
  /** Ours; `cpuMs`: CPU milliseconds per measured step, all threads (robust to other load). */
  ours: SideResult & { cpuMs: number; leakedTensors: number; memory: WorkloadMemory };
  /** Null when the peer was not run (or failed: see `peerError`). */
  peer: (SideResult & { threads: number }) | null;
  peerError?: string;
  /** ours / peer examples per second (null without a peer figure). */
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
  ours: { implementation: string; backend: string; threads: number; native: string | null; optimizer: 'lazy' | 'dense'; dedupe: boolean };
  peer: { requested: boolean; ran: boolean; python?: string; script?: string; torch?: string; threads?: number; skippedReason?: string };
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

/** The main table: rows = (catalog ×) setting × variant; ours ex/s (wall and CPU time), peer ex/s, ours/peer, our RSS. */
export function formatEfficiencyTable(cells: EfficiencyCell[]): string {
  const sweep = new Set(cells.map((c) => c.catalog)).size > 1;
  return formatMarkdownTable(
    [...(sweep ? ['catalog'] : []), 'setting', 'variant', 'ours ex/s', 'ours ms/step', 'ours CPU ms/step', 'peer ex/s', 'peer ms/step', 'ours/peer', 'ours RSS MiB'],
    cells.map((c) => [
      ...(sweep ? [formatNumber(c.catalog)] : []),
      c.setting, c.variant, formatNumber(c.ours.examplesPerSecond), formatNumber(c.ours.stepMs, 1), formatNumber(c.ours.cpuMs, 1),
      c.peer ? formatNumber(c.peer.examplesPerSecond) : 'n/a', c.peer ? formatNumber(c.peer.stepMs, 1) : 'n/a',
      c.ratio === null ? 'n/a' : `${c.ratio.toFixed(2)}x`, mib(c.ours.memory.rss),
    ]),
    [...(sweep ? ['right' as const] : []), 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
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
  const peer = r.peer.ran
    ? `PyTorch ${r.peer.torch} (\`peer_torch.py\`, ${r.peer.threads} thread${r.peer.threads === 1 ? '' : 's'})`
    : `not run${r.peer.skippedReason ? ` (${r.peer.skippedReason})` : ''}`;
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
    `Workload: catalog ${r.catalogs.map((c) => formatNumber(c)).join(' / ')}, d ${w.dim}, T ${w.seqLen} (lengths ${w.minLen}..${w.seqLen}), H ${w.heads}, ` +
      `B ${w.batch}, Q ${formatNumber(w.queue)}, ${w.featureVocabs.length} categorical features, ${w.timeBuckets} time buckets, ` +
      `temperature ${w.temperature}, Adam ${w.learningRate}. ${r.steps} measured steps after ${r.warmup} warm-up steps per cell; ` +
      'positive examples/s = B x steps / wall time of the measured steps.',
    '',
    formatEfficiencyTable(r.cells),
    '',
    ...(r.catalogs.length > 1 ? ['Catalog-size sweep (our step time; memory of our process at the largest catalog):', '', formatSweepTable(r.cells), ''] : []),
    'cached / sampled-softmax throughput (> 1: CLRec-cached is faster):',
    '',
    formatMarkdownTable(['setting', 'ours', 'peer'], ratioRows),
    '',
  ];
  const leaks = r.cells.filter((c) => c.ours.leakedTensors !== 0);
  if (leaks.length) lines.push(`Warning: tensors leaked in ${leaks.map((c) => `${c.catalog}/${c.setting}/${c.variant}`).join(', ')}.`, '');
  const failed = r.cells.filter((c) => c.peerError);
  if (failed.length) lines.push(...failed.map((c) => `Peer failed for ${c.setting}/${c.variant}: ${c.peerError}`), '');
  return lines.join('\n');
}
