import { join } from 'node:path';
import { Rng } from '@clrec/core';
import { loadDataset } from '@clrec/datasets/node';
import { applyConfig, DEFAULT_CONFIG, nextClicksMetrics, type TrainConfig, train } from '@clrec/training/node';
import { writeFileAtomic } from './atomic-write';
import { machineInfo } from './machine';
import { BenchProgress, formatDuration } from './progress';
import { forEachArmAndSeed } from './seeded-arms';
import { loadRunModel, meanStd } from './shift-eval';
import { formatU2uMarkdown, type U2uReport } from './u2u-bench-report';
import { HELD_OUT_CLICKS, nextClicksSplit } from './u2u-bench-split';

/** The tasks the u2u scenario compares (`--arms`); `u2u` uses the scenario's `--u2u-weight`. */
export const U2U_ARMS = {
  u2i: { label: 'CLRec-u2i', u2u: false },
  u2u: { label: 'CLRec-u2u, cached', u2u: true },
} as const;

/** Name of one of {@link U2U_ARMS}. */
export type U2uArm = keyof typeof U2U_ARMS;

/** Options of {@link runU2uBench}. */
export interface U2uBenchOptions {
  /** Dataset path (any format the trainer reads) or `sim`. */
  data: string;
  epochs: number;
  arms: U2uArm[];
  seeds: number[];
  /** Weight of the u2u loss in the u2u arm. */
  u2uWeight: number;
  /** Output directory: u2u.json, u2u.md, one run directory per arm and seed. */
  out: string;
  /** Evaluate a seeded sample of at most this many test users (0 = all). */
  maxEvalUsers: number;
  /** Backend name recorded in results (already initialised by the caller). */
  backend: string;
  /** Trainer config overrides applied to every arm (tests use small models). */
  overrides?: Partial<TrainConfig>;
  progress?: BenchProgress;
}

/**
 * KDD Table 7: trains CLRec on task u2i alone and co-trained with task u2u (same data, seed, encoder,
 * u2i queue and epochs) with the trainer's `train()` on a split that holds out each user's last five
 * clicks (see {@link nextClicksSplit}), then measures HR1@50 and Recall5@50 of each selected checkpoint
 * on the same test users. Writes u2u.json + u2u.md atomically after every run.
 */
export async function runU2uBench(opts: U2uBenchOptions): Promise<U2uReport> {
  const progress = opts.progress ?? new BenchProgress();
  const log = (line: string) => progress.log(line);
  const start = Date.now();
  const base = applyConfig(DEFAULT_CONFIG, {
    ...opts.overrides, data: opts.data, epochs: opts.epochs, ks: [10, 50], selectMetric: 'HR@50', maxEvalUsers: opts.maxEvalUsers,
  }, 'clrec-bench u2u');
  const dataset = loadDataset(base.data, { format: base.format, onBadLine: base.onBadLine, sim: { seed: base.seed } });
  const split = nextClicksSplit(dataset, HELD_OUT_CLICKS);
  if (split.futures.length === 0) throw new Error(`u2u: no user of ${dataset.name} has ${HELD_OUT_CLICKS + 3} or more clicks`);
  const test = split.data.split.test;
  let idx = Array.from(test.keys());
  if (opts.maxEvalUsers > 0 && idx.length > opts.maxEvalUsers) idx = new Rng(base.evalSeed + 7).shuffle(idx).slice(0, opts.maxEvalUsers).sort((a, b) => a - b);
  const examples = idx.map((i) => test[i]);
  const futures = idx.map((i) => split.futures[i]);
  log(`u2u: ${dataset.name}: ${split.stats.trainExamples} training examples, ${examples.length} of ${test.length} test users, last ${HELD_OUT_CLICKS} clicks held out`);
  const report: U2uReport = {
    tool: 'clrec-bench', scenario: 'u2u', createdAt: new Date().toISOString(), machine: machineInfo(), backend: opts.backend,
    dataset: { path: opts.data, name: dataset.name, numUsers: dataset.numUsers, numItems: dataset.numItems, interactions: dataset.report.interactions },
    protocol: { heldOutClicks: HELD_OUT_CLICKS, testUsers: test.length, evaluatedUsers: examples.length, trainExamples: split.stats.trainExamples },
    config: { epochs: opts.epochs, u2uWeight: opts.u2uWeight, ...opts.overrides }, seeds: opts.seeds, runs: [], summary: [], failed: [], wallSeconds: 0,
  };
  const write = () => {
    report.wallSeconds = (Date.now() - start) / 1000;
    report.summary = opts.arms.flatMap((arm) => {
      const runs = report.runs.filter((r) => r.arm === arm);
      if (!runs.length) return [];
      return [{ arm, label: U2U_ARMS[arm].label, seeds: runs.length, hr1At50: meanStd(runs.map((r) => r.hr1At50)), recall5At50: meanStd(runs.map((r) => r.recall5At50)) }];
    });
    writeFileAtomic(join(opts.out, 'u2u.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(opts.out, 'u2u.md'), formatU2uMarkdown(report));
  };
  await forEachArmAndSeed({
    arms: opts.arms, seeds: opts.seeds, out: opts.out, prefix: 'u2u', label: (arm) => U2U_ARMS[arm].label, log, failed: report.failed, after: write,
  }, async (arm, seed, runDir) => {
    const config = applyConfig(base, { u2u: U2U_ARMS[arm].u2u ? opts.u2uWeight : 0, queue: 'inter', seed, out: runDir }, `u2u arm ${arm}`);
    const results = await train({ config, data: { ...split.data, config }, backend: opts.backend, log });
    if (!results) throw new Error('training stopped early');
    const model = loadRunModel(runDir, results.config, dataset);
    try {
      const m = nextClicksMetrics(model, examples, futures, { maxLen: results.config.maxLen, k: 50, next: HELD_OUT_CLICKS, excludeHistory: results.config.excludeHistory }).metrics;
      const run = {
        arm, label: U2U_ARMS[arm].label, seed, hr1At50: m['HR1@50'], recall5At50: m[`Recall${HELD_OUT_CLICKS}@50`],
        trainerHr50: results.metrics.test['HR@50'] ?? null, bestEpoch: results.bestEpoch, examplesPerSecond: results.examplesPerSecond,
        trainSeconds: results.wallSeconds.train, runDir,
      };
      report.runs.push(run);
      log(`${arm} seed ${seed}: HR1@50 ${(100 * run.hr1At50).toFixed(2)}%  Recall5@50 ${(100 * run.recall5At50).toFixed(2)}%`);
    } finally {
      model.dispose();
    }
  });
  log(`u2u: wrote ${join(opts.out, 'u2u.json')} and u2u.md (wall ${formatDuration(report.wallSeconds)})`);
  return report;
}
