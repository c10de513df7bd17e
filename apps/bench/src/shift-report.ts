import { formatMarkdownTable, formatNumber } from './markdown-table';
import { meanStdCell, pct, type SeededArmsReport } from './seeded-arms';

/** One trained model of the shift scenario. */
export interface ShiftRun {
  arm: string;
  label: string;
  seed: number;
  /** HitRate@50 on the weekday and weekend test targets (full ranking, best-validation checkpoint). */
  weekday: number;
  weekend: number;
  /** Best validation HR@50 (weekday targets) and its epoch. */
  validHr50: number | null;
  bestEpoch: number | null;
  examplesPerSecond: number | null;
  trainSeconds: number;
  runDir: string;
}

/** Per arm, the mean (and sample std over seeds) of the two columns. */
export interface ShiftSummary {
  arm: string;
  label: string;
  seeds: number;
  weekday: { mean: number; std: number };
  weekend: { mean: number; std: number };
}

/** Contents of `shift.json`. */
export interface ShiftReport extends SeededArmsReport<ShiftRun, ShiftSummary> {
  scenario: 'shift';
  protocol: {
    utcOffsetHours: number;
    weekdayTestUsers: number;
    weekendTestUsers: number;
    pairedTestUsers: number;
    weekendOnlyUsers: number;
    trainExamples: number;
    weekendClickShare: number;
    droppedWeekendTargets: number;
  };
}


/** KDD Table 4 shape: method × (test on weekdays, test on weekends), HitRate@50, trained on weekdays. */
export function formatShiftTable(summary: ShiftSummary[]): string {
  return formatMarkdownTable(
    ['Method (train on weekdays)', 'Test on Weekdays', 'Test on Weekends'],
    summary.map((s) => [s.label, meanStdCell(s.weekday, s.seeds), meanStdCell(s.weekend, s.seeds)]),
  );
}

/** The whole `shift.md`. */
export function formatShiftMarkdown(r: ShiftReport): string {
  const d = r.dataset;
  const p = r.protocol;
  const runs = formatMarkdownTable(
    ['arm', 'seed', 'weekday HR@50', 'weekend HR@50', 'valid HR@50', 'best epoch', 'train ex/s', 'train time'],
    r.runs.map((x) => [x.arm, String(x.seed), pct(x.weekday), pct(x.weekend), x.validHr50 === null ? 'n/a' : pct(x.validHr50),
      String(x.bestEpoch ?? 'n/a'), formatNumber(x.examplesPerSecond), `${Math.round(x.trainSeconds)} s`]),
  );
  return [
    `# Distribution shift: train on weekdays, test on weekdays / weekends (${d.name})`,
    '',
    `KDD Table 4 protocol on ${d.name} (${d.numUsers} users, ${d.numItems} items, ${d.interactions} clicks). A click is a weekday or ` +
      `weekend click by its timestamp in UTC${p.utcOffsetHours >= 0 ? '+' : ''}${p.utcOffsetHours}; ${pct(p.weekendClickShare)} of the clicks are on weekends. ` +
      `Per user, the last weekday click and the last weekend click are the test targets (history: every earlier click); ` +
      `only weekday clicks before the earliest of them are training targets (${formatNumber(p.trainExamples)} examples; ${formatNumber(p.droppedWeekendTargets)} ` +
      `weekend clicks stay in histories only), the last of them validates. Test users: ${p.weekdayTestUsers} on weekdays, ${p.weekendTestUsers} on weekends ` +
      `(${p.pairedTestUsers} in both; ${p.weekendOnlyUsers} click only on weekends and are never a training target themselves: the user shift). ` +
      `HitRate@50: full ranking over all items, best-validation checkpoint, pessimistic ties${r.seeds.length > 1 ? `, mean ± std over seeds ${r.seeds.join(', ')}` : `, seed ${r.seeds[0]}`}.`,
    '',
    formatShiftTable(r.summary),
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
