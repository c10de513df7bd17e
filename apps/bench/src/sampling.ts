import { join } from 'node:path';
import { leaveOneOutSplit, loadDataset } from '@clrec/datasets/node';
import { applyConfig, DEFAULT_CONFIG, sampleExamples, train, type TrainConfig } from '@clrec/training/node';
import { writeFileAtomic } from './atomic-write';
import { machineInfo } from './machine';
import { runDirDiversity } from './model-diversity';
import { type ObjectiveName, OBJECTIVES } from './objectives';
import { BenchProgress, formatDuration } from './progress';
import { formatSamplingMarkdown, type SamplingReport, type SamplingRow } from './sampling-report';

/** Options of {@link runSampling}. */
export interface SamplingOptions {
  /** Dataset path (any format the trainer reads) or `sim`. */
  data: string;
  epochs: number;
  objectives: ObjectiveName[];
  /** Output directory: `sampling.json`, `sampling.md`, one run directory per objective. */
  out: string;
  /** Evaluate at most this many users per split (0 = all). */
  maxEvalUsers: number;
  /** Backend name recorded in results (already initialised by the caller). */
  backend: string;
  /** Extra trainer config overrides applied to every objective (tests use small models). */
  overrides?: Partial<TrainConfig>;
  progress?: BenchProgress;
}

const DIVERSITY_K = 50;

/**
 * The sampling scenario: trains the same encoder with each objective on the same data and seed by
 * calling the trainer's `train()` (config: the trainer defaults, `ks` 10 and 50, the objective's loss
 * and queue), then measures top-50 aggregate diversity of the selected checkpoint on the same test
 * users the trainer evaluated. Writes `sampling.json` + `sampling.md` atomically after every objective
 * (so a long run leaves partial results) and returns the report.
 */
export async function runSampling(opts: SamplingOptions): Promise<SamplingReport> {
  const progress = opts.progress ?? new BenchProgress();
  const log = (line: string) => progress.log(line);
  const start = Date.now();
  const base = applyConfig(DEFAULT_CONFIG, {
    ...opts.overrides, data: opts.data, epochs: opts.epochs, ks: [10, 50], selectMetric: 'NDCG@10', maxEvalUsers: opts.maxEvalUsers,
  }, 'clrec-bench sampling');
  // The test users the trainer evaluates (same loader, split and seeded sample as its train()).
  const dataset = loadDataset(base.data, { format: base.format, onBadLine: base.onBadLine, sim: { seed: base.seed } });
  if (base.split !== 'leave-one-out') throw new Error('clrec-bench sampling: only the leave-one-out split is supported');
  const testUsers = sampleExamples(leaveOneOutSplit(dataset).test, base.maxEvalUsers, base.seed + 2);
  const report: SamplingReport = {
    tool: 'clrec-bench', scenario: 'sampling', createdAt: new Date().toISOString(), machine: machineInfo(), backend: opts.backend,
    dataset: {
      path: opts.data, name: dataset.name, numUsers: dataset.numUsers, numItems: dataset.numItems,
      interactions: dataset.report.interactions, testUsers: testUsers.length,
    },
    epochs: opts.epochs, maxEvalUsers: opts.maxEvalUsers, seed: base.seed, rows: [], failed: [], wallSeconds: 0,
  };
  const write = () => {
    report.wallSeconds = (Date.now() - start) / 1000;
    writeFileAtomic(join(opts.out, 'sampling.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(opts.out, 'sampling.md'), formatSamplingMarkdown(report));
  };
  for (const [i, name] of opts.objectives.entries()) {
    const obj = OBJECTIVES[name];
    const runDir = join(opts.out, name);
    const elapsed = (Date.now() - start) / 1000;
    const eta = i > 0 ? (elapsed / i) * (opts.objectives.length - i) : undefined;
    log(`\n[${i + 1}/${opts.objectives.length}] ${name} (${obj.label}) -> ${runDir}${eta !== undefined ? `  (ETA all objectives ${formatDuration(eta)})` : ''}`);
    try {
      const config = applyConfig(base, { loss: obj.loss, queue: obj.queue, out: runDir }, `objective ${name}`);
      const results = await train({ config, backend: opts.backend, log });
      if (!results) throw new Error('training stopped early');
      const div = runDirDiversity(runDir, results.config, dataset.numItems, testUsers, DIVERSITY_K);
      const row: SamplingRow = {
        objective: name, label: obj.label, loss: results.config.loss, queue: results.config.queue,
        hr50: results.metrics.test['HR@50'], ndcg10: results.metrics.test['NDCG@10'],
        diversity50: div.distinct, coverage50: div.coverage, hr50Check: div.hitRate,
        examplesPerSecond: results.examplesPerSecond, bestEpoch: results.bestEpoch, trainSeconds: results.wallSeconds.train, runDir,
      };
      report.rows.push(row);
      log(`${name}: test HR@50 ${row.hr50.toFixed(4)}  NDCG@10 ${row.ndcg10.toFixed(4)}  top-50 diversity ${row.diversity50}/${dataset.numItems}  ` +
        `${Math.round(row.examplesPerSecond ?? 0)} ex/s`);
    } catch (e) {
      report.failed.push({ objective: name, error: (e as Error).message });
      log(`${name}: failed: ${(e as Error).message}`);
    }
    write();
  }
  log(`sampling: wrote ${join(opts.out, 'sampling.json')} and sampling.md (wall ${formatDuration(report.wallSeconds)})`);
  return report;
}
