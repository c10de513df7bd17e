import { join } from 'node:path';
import { loadDataset } from '@clrec/datasets/node';
import { applyConfig, DEFAULT_CONFIG, parseCsvColumns, train, type TrainConfig, withEncoderDefaults } from '@clrec/training/node';
import { writeFileAtomic } from './atomic-write';
import { formatEncoderMarkdown, type EncoderBenchReport, type EncoderBenchRow } from './encoder-report';
import type { EncoderVariant, VariantNeed } from './encoder-variants';
import { machineInfo } from './machine';
import { BenchProgress, formatDuration } from './progress';

/** Options of {@link runEncoderBench}. */
export interface EncoderBenchOptions {
  /** Scenario name: the output files are `<scenario>.json` / `.md`. */
  scenario: string;
  /** Title of the Markdown report. */
  title: string;
  /** One paragraph under the title: what the table compares (the paper table it mirrors). */
  description: string;
  /** Dataset path (any format the trainer reads) or `sim`. */
  data: string;
  /** Epochs per variant (scaled by a variant's `epochScale`). */
  epochs: number;
  /** The variants to train, by name, in table order. */
  variants: [string, EncoderVariant][];
  /** Output directory: the report files and one run directory per variant. */
  out: string;
  /** Evaluate at most this many users per split (0 = all). */
  maxEvalUsers: number;
  /** Backend name recorded in results (already initialised by the caller). */
  backend: string;
  /** Extra trainer overrides for every variant (e.g. smaller models in tests). */
  overrides?: Partial<TrainConfig>;
  /** CSV column mapping, for CSV data. */
  csvColumns?: string;
  /** Validation metric that picks each run's checkpoint (default `HR@50`, the metric of KDD Tables 6, 11, 12). */
  selectMetric?: string;
  progress?: BenchProgress;
}

const DIVERSITY_K = 50;

/**
 * Trains each variant with the `clrec` trainer on the same data and seed (the trainer's defaults,
 * the encoder's own defaults, then the variant's overrides; `ks` 10 and 50, validation HR@50 picks
 * the checkpoint unless `selectMetric` says otherwise) and tabulates test HR@10, NDCG@10, HR@50 and top-50 aggregate diversity. A variant
 * whose data need is missing (timestamps, item features) is recorded as skipped; a failed variant is
 * recorded with its error. `<scenario>.json` and `.md` are rewritten atomically after every variant.
 */
export async function runEncoderBench(opts: EncoderBenchOptions): Promise<EncoderBenchReport> {
  const progress = opts.progress ?? new BenchProgress();
  const log = (line: string) => progress.log(line);
  const start = Date.now();
  const base = applyConfig(DEFAULT_CONFIG, {
    ...opts.overrides, data: opts.data, ks: [10, 50], debiasKs: [DIVERSITY_K], selectMetric: opts.selectMetric ?? 'HR@50', maxEvalUsers: opts.maxEvalUsers,
    csvColumns: opts.csvColumns ?? null,
  }, `clrec-bench ${opts.scenario}`);
  const dataset = loadDataset(base.data, {
    format: base.format, onBadLine: base.onBadLine, sim: { seed: base.seed }, csv: base.csvColumns ? parseCsvColumns(base.csvColumns) : undefined,
  });
  const has: Record<VariantNeed, boolean> = { timestamps: dataset.timestamps !== null, features: dataset.itemFeatures.length > 0 };
  const report: EncoderBenchReport = {
    tool: 'clrec-bench', scenario: opts.scenario, title: opts.title, description: opts.description, createdAt: new Date().toISOString(),
    machine: machineInfo(), backend: opts.backend,
    dataset: {
      path: opts.data, name: dataset.name, numUsers: dataset.numUsers, numItems: dataset.numItems, interactions: dataset.report.interactions,
      timestamps: has.timestamps, itemFeatures: dataset.itemFeatures.map((f) => f.name),
    },
    epochs: opts.epochs, selectMetric: base.selectMetric, maxEvalUsers: opts.maxEvalUsers, seed: base.seed, rows: [], skipped: [], failed: [], wallSeconds: 0,
  };
  const write = () => {
    report.wallSeconds = (Date.now() - start) / 1000;
    writeFileAtomic(join(opts.out, `${opts.scenario}.json`), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(opts.out, `${opts.scenario}.md`), formatEncoderMarkdown(report));
  };
  for (const [i, [name, v]] of opts.variants.entries()) {
    const missing = (v.needs ?? []).filter((n) => !has[n]);
    const elapsed = (Date.now() - start) / 1000;
    const done = report.rows.length;
    const eta = done > 0 ? (elapsed / done) * (opts.variants.length - i) : undefined;
    if (missing.length) {
      const reason = `${dataset.name} has no ${missing.join(' or ')}`;
      report.skipped.push({ variant: name, label: v.label, reason });
      log(`\n[${i + 1}/${opts.variants.length}] ${name}: skipped (${reason})`);
      write();
      continue;
    }
    const runDir = join(opts.out, opts.scenario, name);
    log(`\n[${i + 1}/${opts.variants.length}] ${name} (${v.label}) -> ${runDir}${eta !== undefined ? `  (ETA all variants ${formatDuration(eta)})` : ''}`);
    try {
      const enc = (v.overrides as Partial<TrainConfig>).userEncoder ?? base.userEncoder;
      const epochs = Math.max(1, Math.round(opts.epochs * (v.epochScale ?? 1)));
      const config = applyConfig(withEncoderDefaults(base, enc), { ...v.overrides, ...opts.overrides, epochs, out: runDir }, `variant ${name}`);
      const results = await train({ config, backend: opts.backend, log });
      if (!results) throw new Error('training stopped early');
      const div = results.debias?.atK.find((a) => a.k === DIVERSITY_K);
      const rc = results.config;
      const row: EncoderBenchRow = {
        variant: name, group: v.group, label: v.label,
        settings: {
          userEncoder: rc.userEncoder, headAggregation: rc.headAggregation, similarity: rc.similarity, positional: rc.positional,
          timeBuckets: rc.timeBuckets, itemFeatures: rc.itemFeatures, labelFeatures: rc.labelFeatures, temperature: rc.temperature,
        },
        hr10: results.metrics.test['HR@10'], ndcg10: results.metrics.test['NDCG@10'], hr50: results.metrics.test['HR@50'],
        diversity50: div?.aggregateDiversity ?? null, coverage50: div?.coverage ?? null,
        epochs: rc.epochs, bestEpoch: results.bestEpoch, trainSeconds: results.wallSeconds.train, examplesPerSecond: results.examplesPerSecond, runDir,
      };
      report.rows.push(row);
      log(`${name}: test HR@10 ${row.hr10.toFixed(4)}  NDCG@10 ${row.ndcg10.toFixed(4)}  HR@50 ${row.hr50.toFixed(4)}  top-50 diversity ${row.diversity50 ?? 'n/a'}`);
    } catch (e) {
      report.failed.push({ variant: name, error: (e as Error).message });
      log(`${name}: failed: ${(e as Error).message}`);
    }
    write();
  }
  log(`${opts.scenario}: wrote ${join(opts.out, `${opts.scenario}.json`)} and ${opts.scenario}.md (wall ${formatDuration(report.wallSeconds)})`);
  return report;
}
