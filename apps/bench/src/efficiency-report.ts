import type { MachineInfo } from './machine';
import { formatMarkdownTable, formatNumber } from './markdown-table';
import type { Setting, Variant, WorkloadShape } from './workload-config';

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

/** One (setting, variant) cell of the efficiency grid. */
export interface EfficiencyCell {
  setting: Setting;
  variant: Variant;
  ours: SideResult & { leakedTensors: number };
  /** Null when the peer was not run (or failed: see `peerError`). */
  peer: (SideResult & { threads: number }) | null;
  peerError?: string;
  /** ours / peer examples per second (null without a peer figure). */
  ratio: number | null;
  /** Which side ran first in this cell (the order alternates between cells). */
  order: 'ours-first' | 'peer-first';
}

/** Contents of `efficiency.json`. */
export interface EfficiencyReport {
  tool: 'clrec-bench';
  scenario: 'efficiency';
  createdAt: string;
  machine: MachineInfo;
  ours: { implementation: string; backend: string; threads: number; optimizer: 'lazy' | 'dense'; dedupe: boolean };
  peer: { requested: boolean; ran: boolean; python?: string; script?: string; torch?: string; threads?: number; skippedReason?: string };
  workload: WorkloadShape;
  steps: number;
  warmup: number;
  cells: EfficiencyCell[];
  /** Per setting: ours cached / ours sampled-softmax throughput (null if either is missing). */
  cachedOverSampled: Partial<Record<Setting, { ours: number | null; peer: number | null }>>;
  wallSeconds: number;
}

/** cached / sampled-softmax throughput per setting, for ours and the peer. */
export function cachedOverSampled(cells: EfficiencyCell[]): EfficiencyReport['cachedOverSampled'] {
  const out: EfficiencyReport['cachedOverSampled'] = {};
  const settings = [...new Set(cells.map((c) => c.setting))];
  for (const s of settings) {
    const c = cells.find((x) => x.setting === s && x.variant === 'cached');
    const m = cells.find((x) => x.setting === s && x.variant === 'sampled-softmax');
    if (!c || !m) continue;
    out[s] = {
      ours: c.ours.examplesPerSecond / m.ours.examplesPerSecond,
      peer: c.peer && m.peer ? c.peer.examplesPerSecond / m.peer.examplesPerSecond : null,
    };
  }
  return out;
}

/** The main table: rows = setting × variant; ours ex/s, peer ex/s, ours/peer. */
export function formatEfficiencyTable(cells: EfficiencyCell[]): string {
  return formatMarkdownTable(
    ['setting', 'variant', 'ours ex/s', 'ours ms/step', 'peer ex/s', 'peer ms/step', 'ours/peer'],
    cells.map((c) => [
      c.setting, c.variant, formatNumber(c.ours.examplesPerSecond), formatNumber(c.ours.stepMs, 1),
      c.peer ? formatNumber(c.peer.examplesPerSecond) : 'n/a', c.peer ? formatNumber(c.peer.stepMs, 1) : 'n/a',
      c.ratio === null ? 'n/a' : `${c.ratio.toFixed(2)}x`,
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
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
      `Ours: ${r.ours.implementation}, backend ${r.ours.backend} (${r.ours.threads} thread${r.ours.threads === 1 ? '' : 's'}), ` +
      `${r.ours.optimizer === 'lazy' ? 'lazy (sparse) Adam on embedding tables' : 'dense Adam'}, ` +
      `distinct-id encoding ${r.ours.dedupe ? 'on' : 'off'}. Peer: ${peer}.`,
    '',
    `Workload: catalog ${formatNumber(w.catalog)}, d ${w.dim}, T ${w.seqLen} (lengths ${w.minLen}..${w.seqLen}), H ${w.heads}, ` +
      `B ${w.batch}, Q ${formatNumber(w.queue)}, ${w.featureVocabs.length} categorical features, ${w.timeBuckets} time buckets, ` +
      `temperature ${w.temperature}, Adam ${w.learningRate}. ${r.steps} measured steps after ${r.warmup} warm-up steps per cell; ` +
      'positive examples/s = B x steps / wall time of the measured steps.',
    '',
    formatEfficiencyTable(r.cells),
    '',
    'cached / sampled-softmax throughput (> 1: CLRec-cached is faster):',
    '',
    formatMarkdownTable(['setting', 'ours', 'peer'], ratioRows),
    '',
  ];
  const leaks = r.cells.filter((c) => c.ours.leakedTensors !== 0);
  if (leaks.length) lines.push(`Warning: tensors leaked in ${leaks.map((c) => `${c.setting}/${c.variant}`).join(', ')}.`, '');
  const failed = r.cells.filter((c) => c.peerError);
  if (failed.length) lines.push(...failed.map((c) => `Peer failed for ${c.setting}/${c.variant}: ${c.peerError}`), '');
  return lines.join('\n');
}
