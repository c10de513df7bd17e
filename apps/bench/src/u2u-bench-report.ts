import { formatMarkdownTable, formatNumber } from './markdown-table';
import { meanStdCell, pct, type SeededArmsReport } from './seeded-arms';

/** One trained model of the u2u scenario. */
export interface U2uRun {
  arm: string;
  label: string;
  seed: number;
  /** The first held-out click is in the top 50 (full ranking). */
  hr1At50: number;
  /** |top 50 ∩ next 5 clicks| / |next 5 clicks|. */
  recall5At50: number;
  /** The trainer's own test HR@50 (same target as HR1@50: a cross-check). */
  trainerHr50: number | null;
  bestEpoch: number | null;
  examplesPerSecond: number | null;
  trainSeconds: number;
  runDir: string;
}

/** Per arm, mean and sample std over seeds. */
export interface U2uSummary {
  arm: string;
  label: string;
  seeds: number;
  hr1At50: { mean: number; std: number };
  recall5At50: { mean: number; std: number };
}

/** Contents of `u2u.json`. */
export interface U2uReport extends SeededArmsReport<U2uRun, U2uSummary> {
  scenario: 'u2u';
  protocol: { heldOutClicks: number; testUsers: number; evaluatedUsers: number; trainExamples: number };
}


/** KDD Table 7 shape: task & implementation × (HR1@50, Recall5@50). */
export function formatU2uTable(summary: U2uSummary[]): string {
  return formatMarkdownTable(
    ['Task & Implementation', 'HR1@50', 'Recall5@50'],
    summary.map((s) => [s.label, meanStdCell(s.hr1At50, s.seeds), meanStdCell(s.recall5At50, s.seeds)]),
  );
}

/** The whole `u2u.md`. */
export function formatU2uMarkdown(r: U2uReport): string {
  const d = r.dataset;
  const p = r.protocol;
  const runs = formatMarkdownTable(
    ['arm', 'seed', 'HR1@50', 'Recall5@50', 'trainer HR@50', 'best epoch', 'train ex/s', 'train time'],
    r.runs.map((x) => [x.arm, String(x.seed), pct(x.hr1At50), pct(x.recall5At50), x.trainerHr50 === null ? 'n/a' : pct(x.trainerHr50),
      String(x.bestEpoch ?? 'n/a'), formatNumber(x.examplesPerSecond), `${Math.round(x.trainSeconds)} s`]),
  );
  return [
    `# u2u pretext task vs u2i only (${d.name})`,
    '',
    `KDD Table 7 protocol on ${d.name} (${d.numUsers} users, ${d.numItems} items, ${d.interactions} clicks). Each user with at least ` +
      `${p.heldOutClicks + 3} clicks has the last ${p.heldOutClicks} held out (never trained on, in any role); the click before them validates. ` +
      `HR1@50: the first held-out click is in the top 50; Recall5@50: share of the ${p.heldOutClicks} held-out clicks (distinct) in the top 50. ` +
      `Full ranking over all items, best-validation (HR@50) checkpoint, pessimistic ties, ${p.evaluatedUsers} of ${p.testUsers} test users` +
      `${r.seeds.length > 1 ? `, mean ± std over seeds ${r.seeds.join(', ')}` : `, seed ${r.seeds[0]}`}. ` +
      'u2u: the query f(x) of the u2i task against a same-shape key encoder of the user\'s next ≤ 10 training clicks (shared item embeddings), ' +
      'cached FIFO queue, same-user keys masked, co-trained with u2i (CLRec-inter queue).',
    '',
    formatU2uTable(r.summary),
    '',
    '## Runs',
    '',
    runs,
    '',
    `Machine: ${r.machine.cores} cores (${r.machine.cpu}), backend ${r.backend}, wall ${Math.round(r.wallSeconds)} s. Config overrides: \`${JSON.stringify(r.config)}\`.`,
    '',
    ...r.failed.map((f) => `Failed: ${f.arm} (seed ${f.seed}): ${f.error}`),
  ].join('\n');
}
