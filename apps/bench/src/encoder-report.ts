import type { MachineInfo } from './machine';
import { formatMarkdownTable, formatNumber } from './markdown-table';

/** One trained variant of an encoder benchmark. */
export interface EncoderBenchRow {
  variant: string;
  group: string;
  label: string;
  /** The encoder settings the trainer resolved for this run. */
  settings: {
    userEncoder: string;
    headAggregation: string;
    similarity: string;
    positional: string;
    timeBuckets: string;
    itemFeatures: string;
    labelFeatures: boolean;
    temperature: number;
  };
  /** Test metrics (full ranking over all items, best-validation checkpoint). */
  hr10: number;
  ndcg10: number;
  hr50: number;
  /** Distinct items in the union of the test users' top-50 lists, and that over the catalog size. */
  diversity50: number | null;
  coverage50: number | null;
  epochs: number;
  bestEpoch: number | null;
  trainSeconds: number;
  examplesPerSecond: number | null;
  runDir: string;
}

/** Contents of `<scenario>.json` of an encoder benchmark (`encoders`, `label-features`). */
export interface EncoderBenchReport {
  tool: 'clrec-bench';
  scenario: string;
  title: string;
  description: string;
  createdAt: string;
  machine: MachineInfo;
  backend: string;
  dataset: {
    path: string; name: string; numUsers: number; numItems: number; interactions: number; timestamps: boolean; itemFeatures: string[];
  };
  epochs: number;
  /** Validation metric that picked each run's checkpoint. */
  selectMetric: string;
  maxEvalUsers: number;
  seed: number;
  rows: EncoderBenchRow[];
  /** Variants the data cannot support (e.g. time buckets without timestamps). */
  skipped: { variant: string; label: string; reason: string }[];
  failed: { variant: string; error: string }[];
  wallSeconds: number;
}

/** Short description of a row's encoder settings, e.g. `multiatt-wha/wha, cosine, pos backward, tbe log2`. */
export function describeSettings(s: EncoderBenchRow['settings']): string {
  const enc = s.userEncoder === 'multiatt-wha' ? `multiatt/${s.headAggregation}` : s.userEncoder;
  const sim = s.similarity === 'dot' ? `dot (τ ${s.temperature})` : `cosine (τ ${s.temperature})`;
  const feats = s.itemFeatures === 'none' ? 'id only' : `${s.itemFeatures}${s.labelFeatures ? '' : ' (history only)'}`;
  return `${enc}, ${sim}, pos ${s.positional}, time ${s.timeBuckets}, ${feats}`;
}

/** The comparison table: one row per trained variant, grouped as listed. */
export function formatEncoderTable(rows: EncoderBenchRow[], numItems: number): string {
  return formatMarkdownTable(
    ['group', 'method', 'HR@10', 'NDCG@10', 'HR@50', 'top-50 diversity', 'epochs (best)', 'settings'],
    rows.map((r) => [
      r.group, r.label, r.hr10.toFixed(4), r.ndcg10.toFixed(4), r.hr50.toFixed(4),
      r.diversity50 === null ? 'n/a' : `${formatNumber(r.diversity50)} / ${formatNumber(numItems)}`,
      `${r.epochs} (${r.bestEpoch ?? '-'})`, describeSettings(r.settings),
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
}

/** The whole Markdown report. */
export function formatEncoderMarkdown(r: EncoderBenchReport): string {
  const d = r.dataset;
  const lines = [
    `# ${r.title}`,
    '',
    r.description,
    '',
    `Data: ${d.name} (${d.numUsers} users, ${d.numItems} items, ${d.interactions} interactions; ` +
      `${d.timestamps ? 'timestamps' : 'no timestamps'}; item features: ${d.itemFeatures.length ? d.itemFeatures.join(', ') : 'none'}), ` +
      `leave-one-out split, seed ${r.seed}, ${r.epochs} epochs per variant${r.rows.some((x) => x.epochs !== r.epochs) ? ' (SASRec: its own count, see the column)' : ''} with early stopping on validation ${r.selectMetric}. ` +
      `Test metrics: full ranking over all items of the best-validation (${r.selectMetric}) checkpoint, history items included, pessimistic ties, ` +
      `${r.maxEvalUsers > 0 ? `a seeded sample of ${r.maxEvalUsers}` : 'all'} test users. Top-50 diversity = distinct items in the union of ` +
      `those users' top-50 lists. Machine: ${r.machine.cores} cores, backend ${r.backend}; wall ${Math.round(r.wallSeconds)} s.`,
    '',
    formatEncoderTable(r.rows, d.numItems),
    '',
  ];
  if (r.skipped.length) lines.push(...r.skipped.map((s) => `Skipped: ${s.label} (${s.variant}): ${s.reason}.`), '');
  if (r.failed.length) lines.push(...r.failed.map((f) => `Failed: ${f.variant}: ${f.error}`), '');
  return lines.join('\n');
}
