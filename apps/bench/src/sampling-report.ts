import type { MachineInfo } from './machine';
import { formatMarkdownTable, formatNumber } from './markdown-table';
import type { ObjectiveName } from './objectives';

/** One objective's row of the sampling comparison. */
export interface SamplingRow {
  objective: ObjectiveName;
  label: string;
  /** Loss and queue the trainer resolved. */
  loss: string;
  queue: string;
  /** Test metrics from the trainer (full ranking, best-validation checkpoint). */
  hr50: number;
  ndcg10: number;
  /** Distinct items in the union of the test users' top-50 lists. */
  diversity50: number;
  /** diversity50 / catalog size. */
  coverage50: number;
  /** HR@50 recomputed from the scores used for diversity (should equal `hr50`). */
  hr50Check: number;
  /** Training positive examples per second (trainer's `examplesPerSecond`). */
  examplesPerSecond: number | null;
  bestEpoch: number | null;
  trainSeconds: number;
  runDir: string;
}

/** Contents of `sampling.json`. */
export interface SamplingReport {
  tool: 'clrec-bench';
  scenario: 'sampling';
  createdAt: string;
  machine: MachineInfo;
  backend: string;
  dataset: { path: string; name: string; numUsers: number; numItems: number; interactions: number; testUsers: number };
  epochs: number;
  maxEvalUsers: number;
  seed: number;
  rows: SamplingRow[];
  /** Objectives that failed, with the error. */
  failed: { objective: ObjectiveName; error: string }[];
  wallSeconds: number;
}

/** The comparison table: one row per objective. */
export function formatSamplingTable(rows: SamplingRow[], numItems: number): string {
  return formatMarkdownTable(
    ['objective', 'loss + queue', 'HR@50', 'NDCG@10', 'top-50 diversity', 'coverage', 'train ex/s'],
    rows.map((r) => [
      r.objective, `${r.loss} + ${r.queue}`, r.hr50.toFixed(4), r.ndcg10.toFixed(4),
      `${formatNumber(r.diversity50)} / ${formatNumber(numItems)}`, `${(100 * r.coverage50).toFixed(1)}%`, formatNumber(r.examplesPerSecond),
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
  );
}

/** The whole `sampling.md`. */
export function formatSamplingMarkdown(r: SamplingReport): string {
  const d = r.dataset;
  const lines = [
    `# Sampling objectives on ${d.name}`,
    '',
    `${d.numUsers} users, ${d.numItems} items, ${d.interactions} interactions; leave-one-out split, ${r.epochs} epochs per objective, ` +
      `same encoder (ItemIdEmbedding + MultiAtt/WHA, the trainer's defaults) and seed ${r.seed}. Test metrics: full ranking over all items ` +
      `of the best-validation (NDCG@10) checkpoint, pessimistic ties, ${r.maxEvalUsers > 0 ? `a seeded sample of ${r.maxEvalUsers}` : `all ${d.testUsers}`} test users. ` +
      'Top-50 diversity = distinct items in the union of those users\' top-50 lists (aggregate diversity). ' +
      `Machine: ${r.machine.cores} cores, backend ${r.backend}.`,
    '',
    formatSamplingTable(r.rows, d.numItems),
    '',
  ];
  const mismatch = r.rows.filter((x) => Math.abs(x.hr50Check - x.hr50) > 1e-6);
  if (mismatch.length) lines.push(`Note: HR@50 recomputed for diversity differs from the trainer's for ${mismatch.map((x) => x.objective).join(', ')}.`, '');
  if (r.failed.length) lines.push(...r.failed.map((f) => `Failed: ${f.objective}: ${f.error}`), '');
  return lines.join('\n');
}
