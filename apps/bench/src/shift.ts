import { join } from 'node:path';
import { loadDataset } from '@clrec/datasets/node';
import { applyConfig, DEFAULT_CONFIG, type TrainConfig, train } from '@clrec/training/node';
import { writeFileAtomic } from './atomic-write';
import { machineInfo } from './machine';
import { BenchProgress, formatDuration } from './progress';
import { forEachArmAndSeed } from './seeded-arms';
import { hitRateAt, hitRateTopIntentions, loadRunModel, meanStd } from './shift-eval';
import { formatShiftMarkdown, type ShiftReport } from './shift-report';
import { DEFAULT_UTC_OFFSET_HOURS, weekdayWeekendSplit } from './shift-split';

/** The methods the shift scenario compares (`--arms`). */
export const SHIFT_ARMS = {
  clrec: { label: 'CLRec', overrides: { userEncoder: 'multiatt-wha', queue: 'inter' } },
  'multi-clrec': { label: 'Multi-CLRec', overrides: { userEncoder: 'multi-clrec', queue: 'auto' } },
} as const satisfies Record<string, { label: string; overrides: Partial<TrainConfig> }>;

/** Name of one of {@link SHIFT_ARMS}. */
export type ShiftArm = keyof typeof SHIFT_ARMS;

/** Options of {@link runShift}. */
export interface ShiftOptions {
  /** A timestamped dataset (path or `sim`), e.g. the ml-100k directory. */
  data: string;
  epochs: number;
  arms: ShiftArm[];
  seeds: number[];
  /** Output directory: shift.json, shift.md, one run directory per arm and seed. */
  out: string;
  /** Local time of the weekday test: UTC + this many hours. */
  utcOffsetHours?: number;
  /** Also serve Multi-CLRec with its top-K intention vectors (an extra row; 0 or 1 = off). */
  serveIntentions?: number;
  /** Backend name recorded in results (already initialised by the caller). */
  backend: string;
  /** Trainer config overrides applied to every arm (e.g. intentions, queueSize; tests use small models). */
  overrides?: Partial<TrainConfig>;
  progress?: BenchProgress;
}

/**
 * KDD Table 4: trains CLRec and Multi-CLRec (same data, seed, queue size — Multi-CLRec splits it into
 * its main and secondary queues — batch, dimension and epochs) on weekday targets only with the
 * trainer's `train()` (validation: HR@50 on each user's last training-period weekday click, best
 * checkpoint kept), then measures HitRate@50 of the selected checkpoint on each user's last weekday
 * click and last weekend click (see {@link weekdayWeekendSplit}). Writes shift.json + shift.md
 * atomically after every run.
 */
export async function runShift(opts: ShiftOptions): Promise<ShiftReport> {
  const progress = opts.progress ?? new BenchProgress();
  const log = (line: string) => progress.log(line);
  const start = Date.now();
  const offset = opts.utcOffsetHours ?? DEFAULT_UTC_OFFSET_HOURS;
  const base = applyConfig(DEFAULT_CONFIG, {
    ...opts.overrides, data: opts.data, epochs: opts.epochs, ks: [10, 50], selectMetric: 'HR@50',
  }, 'clrec-bench shift');
  const dataset = loadDataset(base.data, { format: base.format, onBadLine: base.onBadLine, sim: { seed: base.seed } });
  const split = weekdayWeekendSplit(dataset, offset);
  if (split.weekendTest.length === 0 || split.weekdayTest.length === 0) {
    throw new Error(`shift: ${dataset.name} has no weekday or no weekend test click (UTC${offset >= 0 ? '+' : ''}${offset})`);
  }
  log(`shift: ${dataset.name}: ${split.stats.trainExamples} weekday training targets, test users ${split.weekdayTest.length} on weekdays and ` +
    `${split.weekendTest.length} on weekends (${split.stats.weekendOnlyUsers} weekend-only), ${(100 * split.stats.weekendClickShare).toFixed(1)}% weekend clicks`);
  const report: ShiftReport = {
    tool: 'clrec-bench', scenario: 'shift', createdAt: new Date().toISOString(), machine: machineInfo(), backend: opts.backend,
    dataset: { path: opts.data, name: dataset.name, numUsers: dataset.numUsers, numItems: dataset.numItems, interactions: dataset.report.interactions },
    protocol: {
      utcOffsetHours: offset, weekdayTestUsers: split.weekdayTest.length, weekendTestUsers: split.weekendTest.length,
      pairedTestUsers: split.stats.pairedUsers, weekendOnlyUsers: split.stats.weekendOnlyUsers, trainExamples: split.stats.trainExamples,
      weekendClickShare: split.stats.weekendClickShare, droppedWeekendTargets: split.stats.droppedWeekendTargets,
    },
    config: { epochs: opts.epochs, ...opts.overrides }, seeds: opts.seeds, runs: [], summary: [], failed: [], wallSeconds: 0,
  };
  const write = () => {
    report.wallSeconds = (Date.now() - start) / 1000;
    report.summary = [...new Set(report.runs.map((r) => r.arm))].map((arm) => {
      const runs = report.runs.filter((r) => r.arm === arm);
      return { arm, label: runs[0].label, seeds: runs.length, weekday: meanStd(runs.map((r) => r.weekday)), weekend: meanStd(runs.map((r) => r.weekend)) };
    });
    writeFileAtomic(join(opts.out, 'shift.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(opts.out, 'shift.md'), formatShiftMarkdown(report));
  };
  await forEachArmAndSeed({
    arms: opts.arms, seeds: opts.seeds, out: opts.out, prefix: 'shift', label: (arm) => SHIFT_ARMS[arm].label, log, failed: report.failed, after: write,
  }, async (arm, seed, runDir) => {
    const config = applyConfig(base, { ...SHIFT_ARMS[arm].overrides, seed, out: runDir }, `shift arm ${arm}`);
    const results = await train({ config, data: { ...split.data, config }, backend: opts.backend, log });
    if (!results) throw new Error('training stopped early');
    const model = loadRunModel(runDir, results.config, dataset);
    try {
      const weekday = hitRateAt(model, split.weekdayTest, 50, results.config.maxLen);
      const weekend = hitRateAt(model, split.weekendTest, 50, results.config.maxLen);
      report.runs.push({
        arm, label: SHIFT_ARMS[arm].label, seed, weekday, weekend, validHr50: results.metrics.valid['HR@50'] ?? null, bestEpoch: results.bestEpoch,
        examplesPerSecond: results.examplesPerSecond, trainSeconds: results.wallSeconds.train, runDir,
      });
      log(`${arm} seed ${seed}: HitRate@50 weekdays ${(100 * weekday).toFixed(2)}%  weekends ${(100 * weekend).toFixed(2)}%`);
      const K = opts.serveIntentions ?? 0;
      if (arm === 'multi-clrec' && K > 1) {
        const r = report.runs[report.runs.length - 1];
        const wd = hitRateTopIntentions(model, split.weekdayTest, 50, K, results.config.maxLen);
        const we = hitRateTopIntentions(model, split.weekendTest, 50, K, results.config.maxLen);
        report.runs.push({ ...r, arm: `multi-clrec-top${K}`, label: `Multi-CLRec, top-${K} intentions at serving`, weekday: wd, weekend: we });
        log(`${arm} seed ${seed}, top-${K} intentions: HitRate@50 weekdays ${(100 * wd).toFixed(2)}%  weekends ${(100 * we).toFixed(2)}%`);
      }
    } finally {
      model.dispose();
    }
  });
  log(`shift: wrote ${join(opts.out, 'shift.json')} and shift.md (wall ${formatDuration(report.wallSeconds)})`);
  return report;
}
