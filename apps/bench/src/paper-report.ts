import type { DebiasAtK, DegreeBucket } from '@clrec/metrics';
import { formatMarkdownTable, formatNumber } from './markdown-table';
import type { PaperReport, PaperRow } from './paper';
import { renderSvgPlot } from './svg-plot';

/** The Table 8 metric rows, in the paper's order. */
const TABLE8_METRICS = ['HR@1', 'HR@5', 'HR@10', 'NDCG@5', 'NDCG@10', 'MRR'];

const at = (row: PaperRow, k: number): DebiasAtK | undefined => row.debias.atK.find((a) => a.k === k);
const f4 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(4));

/**
 * Fills the cross-model figures of the report: per K, the popularity index (each row's `E[p_data]`
 * over the largest among all rows, MostPop included, as in KDD App. A) and CLRec's aggregate
 * diversity over sampled softmax's.
 */
export function finalizePaper(r: PaperReport): void {
  r.popularityIndex = {};
  for (const k of r.protocol.debiasKs) {
    const vals = r.rows.map((row) => [row.model, at(row, k)?.popularity ?? NaN] as const).filter(([, v]) => Number.isFinite(v));
    const max = Math.max(...vals.map(([, v]) => v));
    if (vals.length && max > 0) r.popularityIndex[String(k)] = Object.fromEntries(vals.map(([m, v]) => [m, v / max]));
  }
  const clrec = r.rows.find((x) => x.model === 'clrec');
  const ssm = r.rows.find((x) => x.model === 'sampled-softmax');
  r.diversityRatio = clrec && ssm
    ? Object.fromEntries(r.protocol.debiasKs.map((k) => [String(k), (at(clrec, k)?.aggregateDiversity ?? NaN) / (at(ssm, k)?.aggregateDiversity ?? NaN)]))
    : null;
}

/** Tick label of a degree bucket `[lo, hi)` of integer degrees: `0`, `1`, `2-3`, `4-7`, … */
function bucketLabel(b: DegreeBucket): string {
  const lo = Math.ceil(b.lo);
  const hi = Math.ceil(b.hi) - 1;
  return lo >= hi ? String(lo) : `${lo}-${hi}`;
}

/** Percentages of a series' total. */
function shares(values: number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  return values.map((v) => (total > 0 ? (100 * v) / total : 0));
}

/**
 * The report's SVG plots as `[file name, svg]`: top-10 impressions per training-degree bucket (KDD
 * Figure 4) as bars for CLRec vs sampled softmax vs the data, and as lines for every row. Shares of
 * each series' total, so the data's clicks and the models' slots compare; x is log-scaled (buckets
 * double in degree). Empty when no row has top-10 lists.
 */
export function paperPlots(r: PaperReport): [string, string][] {
  const k = r.protocol.debiasKs.includes(10) ? 10 : r.protocol.debiasKs[0];
  const rows = r.rows.filter((row) => at(row, k));
  if (rows.length === 0) return [];
  const data = rows[0].debias.dataBuckets;
  // bucket [lo, hi) sits at hi/√2: evenly spaced on the log axis, also for the [0, 1) bucket
  const x = data.map((b) => b.hi / Math.SQRT2);
  const xLabels = data.map(bucketLabel);
  const series = (row: PaperRow) => ({ name: `${row.short} top-${k}`, values: shares(at(row, k)!.degreeBuckets.map((b) => b.impressions)) });
  const dataSeries = { name: 'training data (clicks)', values: shares(data.map((b) => b.impressions)), color: '#777777' };
  const common = {
    x, xLabels, logX: true, xLabel: 'item degree (training clicks), log-scale buckets', yLabel: 'share of impressions (%)',
  };
  const main = rows.filter((row) => row.model === 'clrec' || row.model === 'sampled-softmax');
  const out: [string, string][] = [];
  if (main.length) {
    out.push([`degree-buckets-top${k}.svg`, renderSvgPlot({
      ...common, kind: 'bar', title: `${r.dataset.name}: top-${k} impressions per item-degree bucket`,
      series: [dataSeries, ...main.map(series)],
    })]);
  }
  out.push([`degree-buckets-top${k}-all.svg`, renderSvgPlot({
    ...common, kind: 'line', title: `${r.dataset.name}: top-${k} impressions per item-degree bucket, all models`,
    series: [dataSeries, ...rows.map(series)],
  })]);
  return out;
}

/** Table 8 shape: one row per metric, one column per algorithm. */
function sampledTable(r: PaperReport, protocol: string): string {
  return formatMarkdownTable(
    ['Metric', ...r.rows.map((x) => x.short)],
    TABLE8_METRICS.map((m) => [m, ...r.rows.map((x) => f4(x.metrics[`${protocol}:${m}`]))]),
  );
}

/** The whole `paper.md`. */
export function formatPaperMarkdown(r: PaperReport): string {
  const d = r.dataset;
  const c = r.config;
  const p = r.protocol;
  const users = p.maxEvalUsers > 0 ? `a seeded sample (evalSeed ${p.evalSeed}) of ${p.users.test} test users` : `all ${p.users.test} test users`;
  const hist = p.excludeHistory ? 'excluded from' : 'kept in';
  const L: string[] = [
    `# CLRec paper report: ${d.name}`,
    '',
    `${formatNumber(d.numUsers)} users, ${formatNumber(d.numItems)} items, ${formatNumber(d.interactions)} interactions; ${c.split} split ` +
      `(${formatNumber(d.trainExamples)} training examples). Every model: user encoder ${c.userEncoder}, d ${c.dim}, max length ${c.maxLen}, ` +
      `temperature ${c.temperature}, batch ${c.batchSize}, queue / negatives ${c.queueSize}, Adam ${c.learningRate}, up to ${c.epochs} epochs ` +
      `(patience ${c.patience}), checkpoint chosen by validation ${c.selectMetric}, seed ${c.seed}. Only the objective differs. ` +
      `Test metrics on ${users}; the users' history is ${hist} the full ranking and the top-K lists. ` +
      `Machine: ${r.machine.cores} cores, backend ${r.backend}; wall ${Math.round(r.wallSeconds)} s.`,
    '',
  ];
  if (r.command) L.push(`Command: \`${r.command}\``, '');
  L.push('Algorithms:', '', ...r.rows.map((x) => `- **${x.short}** (${x.model}): ${x.label}` +
    (x.learned ? `; best epoch ${x.bestEpoch} of ${x.epochsRun}, ${formatNumber(x.examplesPerSecond)} train ex/s` : '')), '');
  const pop = p.sampled.find((s) => s.name === 'sampled-popularity');
  const uni = p.sampled.find((s) => s.name === 'sampled-uniform');
  if (pop) {
    L.push('## Sampled protocol (KDD Table 8 shape)', '',
      `Each test user's held-out item against ${pop.count} negatives drawn in proportion to training clicks without replacement, ` +
        `excluding ${pop.exclude} (the authors' / BERT4Rec protocol). Every algorithm is ranked against the same saved negatives ` +
        `(\`${pop.files.test.path}\`, seed ${pop.files.test.seed}); pessimistic ties.`, '', sampledTable(r, 'sampled-popularity'), '');
  }
  if (uni) {
    L.push('## Sampled protocol, uniform negatives (SASRec)', '',
      `${uni.count} negatives drawn uniformly without replacement, excluding ${uni.exclude}.`, '', sampledTable(r, 'sampled-uniform'), '');
  }
  L.push('## Full ranking', '', `Each target ranked against all ${formatNumber(d.numItems)} items (history ${hist} the ranking), pessimistic ties.`, '',
    formatMarkdownTable(['Algorithm', 'HR@10', 'NDCG@10', 'HR@50', 'NDCG@50', 'MRR'],
      r.rows.map((x) => [x.short, ...['HR@10', 'NDCG@10', 'HR@50', 'NDCG@50', 'MRR'].map((m) => f4(x.metrics[m]))])), '');
  L.push('## Aggregate diversity (KDD Table 10 shape)', '',
    `Distinct items in the union of the test users' top-K lists (inputs: each test user's sequence before the held-out item). ` +
      'Ground-Truth = distinct held-out items.', '',
    formatMarkdownTable(['Dataset', '#Users', 'K', 'Ground-Truth', ...r.rows.map((x) => x.short)],
      p.debiasKs.map((k) => [d.name, formatNumber(p.users.test), String(k), formatNumber(r.rows[0]?.debias.groundTruth.aggregateDiversity),
        ...r.rows.map((x) => formatNumber(at(x, k)?.aggregateDiversity))])), '');
  const ssm = r.rows.find((x) => x.model === 'sampled-softmax');
  if (r.diversityRatio && ssm) {
    L.push(`CLRec / sampled softmax aggregate diversity: ${p.debiasKs.map((k) => `top-${k} ${r.diversityRatio![String(k)].toFixed(3)}x`).join(', ')}. ` +
      `No algorithm can exceed the catalogue (${formatNumber(d.numItems)} items), so the ratio is at most ` +
      `${p.debiasKs.map((k) => `${(d.numItems / (at(ssm, k)?.aggregateDiversity ?? NaN)).toFixed(3)}x at top-${k}`).join(', ')} ` +
      `(the paper's Beauty, Table 10: 44,408 / 24,340 = 1.82x at top-10).`, '');
  }
  L.push('## Popularity index (KDD Appendix A)', '',
    '`E_A[p_data(y)]` with `p_data` = training-click share, shown × #items (1 = uniformly random recommendations), and the index = ' +
      'E_A[p_data] / max over the compared algorithms (MostPop included, like the paper\'s non-learned fallback).', '',
    formatMarkdownTable(['Algorithm', ...p.debiasKs.flatMap((k) => [`E[p_data]×N top-${k}`, `index top-${k}`])],
      r.rows.map((x) => [x.short, ...p.debiasKs.flatMap((k) => [f4((at(x, k)?.popularity ?? NaN) * d.numItems), f4(r.popularityIndex[String(k)]?.[x.model])])])), '');
  const k0 = p.debiasKs.includes(10) ? 10 : p.debiasKs[0];
  const seg = r.rows[0] ? at(r.rows[0], k0)?.headTorsoTail : undefined;
  if (seg) {
    L.push(`## Recall@${k0} by item popularity`, '',
      `Head = most-clicked items covering 50% of training clicks (${formatNumber(seg.head.items)} items, ${formatNumber(seg.head.targets)} test targets), ` +
        `torso = the next 30% (${formatNumber(seg.torso.items)} items, ${formatNumber(seg.torso.targets)} targets), tail = the rest ` +
        `(${formatNumber(seg.tail.items)} items, ${formatNumber(seg.tail.targets)} targets).`, '',
      formatMarkdownTable(['Algorithm', 'head', 'torso', 'tail'], r.rows.map((x) => {
        const s = at(x, k0)!.headTorsoTail;
        return [x.short, f4(s.head.recall), f4(s.torso.recall), f4(s.tail.recall)];
      })), '');
  }
  if (r.rows.some((x) => at(x, k0)?.preferenceRecall !== null && at(x, k0)?.preferenceRecall !== undefined)) {
    L.push('## Recall of the true preferences (simulator)', '', `Mean |top-K ∩ the user's K truly preferred items| / K.`, '',
      formatMarkdownTable(['Algorithm', ...p.debiasKs.map((k) => `top-${k}`)], r.rows.map((x) => [x.short, ...p.debiasKs.map((k) => f4(at(x, k)?.preferenceRecall ?? NaN))])), '');
  }
  if (r.rows.length) {
    const data = r.rows[0].debias.dataBuckets;
    L.push(`## Impressions per item-degree bucket (KDD Figure 4)`, '');
    for (const file of r.plots) L.push(`![${file}](${file})`, '');
    const cols = r.rows.filter((x) => at(x, k0));
    const dataShare = shares(data.map((b) => b.impressions));
    const colShares = cols.map((x) => shares(at(x, k0)!.degreeBuckets.map((b) => b.impressions)));
    L.push(`Share (%) of the training clicks and of each algorithm's top-${k0} slots per bucket of training-click degree:`, '',
      formatMarkdownTable(['degree', 'items', 'data', ...cols.map((x) => x.short)],
        data.map((b, i) => [bucketLabel(b), formatNumber(b.items), dataShare[i].toFixed(2), ...colShares.map((s) => s[i].toFixed(2))])), '');
  }
  if (r.failed.length) L.push(...r.failed.map((f) => `Failed: ${f.model}: ${f.error}`), '');
  return L.join('\n');
}
