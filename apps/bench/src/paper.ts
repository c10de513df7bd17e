import { join } from 'node:path';
import {
  applyConfig, DEFAULT_CONFIG, type DebiasResults, evaluateCheckpoint, prepareData, prepareEvaluation, type ProtocolInfo, readConfigFile, train, type TrainConfig,
  withEncoderDefaults,
} from '@clrec/training/node';
import { writeFileAtomic } from './atomic-write';
import { type MachineInfo, machineInfo } from './machine';
import { popularityBaseline } from './paper-baseline';
import { PAPER_MODELS, type PaperModelName } from './paper-models';
import { finalizePaper, formatPaperMarkdown, paperPlots } from './paper-report';
import { BenchProgress, formatDuration } from './progress';

/** Options of {@link runPaper}. */
export interface PaperOptions {
  /** Dataset path (any format the trainer reads) or `sim`. */
  data: string;
  epochs: number;
  models: PaperModelName[];
  /** Output directory: paper.json, paper.md, the SVG plots, eval-negatives/ and one run directory per model. */
  out: string;
  /** Evaluate a seeded sample of at most this many users per split (0 = all). */
  maxEvalUsers: number;
  /** Leave each user's history out of the full ranking and the top-K lists. */
  excludeHistory: boolean;
  /** Validation metric that picks each model's checkpoint. */
  selectMetric: string;
  /**
   * Popularity-prior weights α at which the trained CLRec model is evaluated again (extra rows
   * "CLRec α=…", no retraining; see the trainer's `popularityPrior`). Empty: none.
   */
  clrecPriors?: number[];
  /** Optional trainer config file (JSON/YAML) applied to every model (encoder, temperature, …). */
  configFile?: string;
  /** Backend name recorded in results (already initialised by the caller). */
  backend: string;
  /** The command line, recorded in the report. */
  command?: string;
  /** Extra trainer overrides applied to every model after the config file (tests use small models). */
  overrides?: Partial<TrainConfig>;
  progress?: BenchProgress;
}

/** One compared algorithm's row of the report (a trained model, or the MostPop reference). */
export interface PaperRow {
  /** `--models` name, or `most-popular`. */
  model: string;
  short: string;
  label: string;
  /** False for the non-learned reference. */
  learned: boolean;
  loss: string | null;
  queue: string | null;
  bestEpoch: number | null;
  epochsRun: number;
  trainSeconds: number;
  examplesPerSecond: number | null;
  runDir: string | null;
  /** Test metrics: full-ranking keys and `<sampled protocol>:<metric>` keys. */
  metrics: Record<string, number>;
  debias: DebiasResults;
}

/** Contents of `paper.json`. */
export interface PaperReport {
  tool: 'clrec-bench';
  scenario: 'paper';
  createdAt: string;
  command: string | null;
  machine: MachineInfo;
  backend: string;
  dataset: { path: string; name: string; numUsers: number; numItems: number; interactions: number; trainExamples: number };
  /** The shared training settings (everything but loss and queue). */
  config: TrainConfig;
  protocol: ProtocolInfo;
  /** MostPop first, then the trained models in `--models` order. */
  rows: PaperRow[];
  /** Per K of `debiasKs`: `E[p_data]` of each row divided by the largest among the rows (KDD App. A). */
  popularityIndex: Record<string, Record<string, number>>;
  /** Aggregate diversity of CLRec over sampled softmax per K (when both ran). */
  diversityRatio: Record<string, number> | null;
  /** SVG files written next to paper.md. */
  plots: string[];
  failed: { model: string; error: string }[];
  wallSeconds: number;
}

/**
 * `clrec-bench paper`: trains each compared model through the trainer on the same data, encoder and
 * seed (only the objective and its negatives differ), evaluates all of them on the same users and the
 * same saved sampled negatives (`<out>/eval-negatives`), adds the MostPop reference, and writes
 * `paper.json`, `paper.md` and the SVG plots atomically after every model (a long run leaves partial
 * results). Returns the report.
 */
export async function runPaper(opts: PaperOptions): Promise<PaperReport> {
  const progress = opts.progress ?? new BenchProgress();
  const log = (line: string) => progress.log(line);
  const start = Date.now();
  const fileValues = opts.configFile ? readConfigFile(opts.configFile) : {};
  // per-encoder defaults (e.g. sasrec's batch, queue, dropout) sit under the file and the overrides, as in `clrec train`
  let base = withEncoderDefaults(DEFAULT_CONFIG, opts.overrides?.userEncoder ?? fileValues.userEncoder);
  if (opts.configFile) base = applyConfig(base, fileValues, opts.configFile);
  base = applyConfig(base, { ...opts.overrides }, 'clrec-bench paper overrides');
  base = applyConfig(base, {
    data: opts.data, epochs: opts.epochs, maxEvalUsers: opts.maxEvalUsers, excludeHistory: opts.excludeHistory, selectMetric: opts.selectMetric,
    evalProtocols: ['full', 'sampled-popularity', 'sampled-uniform'], evalNegativesDir: join(opts.out, 'eval-negatives'),
    ks: [10, 50], debiasKs: [10, 50],
  }, 'clrec-bench paper');
  const data = prepareData(base, log);
  // draws (or reuses) the shared negatives once; every model's train() then reuses the same files
  const plan = await prepareEvaluation(base, data, log);
  const report: PaperReport = {
    tool: 'clrec-bench', scenario: 'paper', createdAt: new Date().toISOString(), command: opts.command ?? null, machine: machineInfo(),
    backend: opts.backend,
    dataset: { path: opts.data, ...data.fingerprint, trainExamples: data.users.length },
    config: base, protocol: plan.protocol, rows: [], popularityIndex: {}, diversityRatio: null, plots: [], failed: [], wallSeconds: 0,
  };
  const write = () => {
    report.wallSeconds = (Date.now() - start) / 1000;
    finalizePaper(report);
    report.plots = [];
    for (const [file, svg] of paperPlots(report)) {
      writeFileAtomic(join(opts.out, file), svg);
      report.plots.push(file);
    }
    writeFileAtomic(join(opts.out, 'paper.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(opts.out, 'paper.md'), formatPaperMarkdown(report));
  };
  const pop = popularityBaseline(data, plan, base);
  report.rows.push({
    model: 'most-popular', short: 'MostPop', label: 'most popular items (training clicks), not learned', learned: false, loss: null, queue: null,
    bestEpoch: null, epochsRun: 0, trainSeconds: 0, examplesPerSecond: null, runDir: null, metrics: pop.metrics, debias: pop.debias,
  });
  log(`paper: MostPop reference: test HR@10 ${pop.metrics['HR@10'].toFixed(4)}, sampled-popularity HR@10 ${pop.metrics['sampled-popularity:HR@10'].toFixed(4)}`);
  write();
  for (const [i, name] of opts.models.entries()) {
    const m = PAPER_MODELS[name];
    const runDir = join(opts.out, name);
    const elapsed = (Date.now() - start) / 1000;
    const eta = i > 0 ? (elapsed / i) * (opts.models.length - i) : undefined;
    log(`\n[${i + 1}/${opts.models.length}] ${name} (${m.label}) -> ${runDir}${eta !== undefined ? `  (ETA all models ${formatDuration(eta)})` : ''}`);
    try {
      const config = applyConfig(base, { loss: m.loss, queue: m.queue, out: runDir }, `model ${name}`);
      const res = await train({ config, backend: opts.backend, log });
      if (!res) throw new Error('training stopped early');
      if (!res.debias) throw new Error('the trainer returned no debiasing metrics');
      report.rows.push({
        model: name, short: m.short, label: m.label, learned: true, loss: res.config.loss, queue: res.config.queue, bestEpoch: res.bestEpoch,
        epochsRun: res.epochsRun, trainSeconds: res.wallSeconds.train, examplesPerSecond: res.examplesPerSecond, runDir,
        metrics: res.metrics.test, debias: res.debias,
      });
      const at10 = res.debias.atK.find((a) => a.k === 10);
      log(`${name}: sampled-popularity HR@10 ${res.metrics.test['sampled-popularity:HR@10'].toFixed(4)}  full HR@10 ${res.metrics.test['HR@10'].toFixed(4)}  ` +
        `top-10 diversity ${at10?.aggregateDiversity}/${data.dataset.numItems}`);
      if (name === 'clrec') {
        const trained = report.rows[report.rows.length - 1];
        for (const alpha of opts.clrecPriors ?? []) {
          log(`paper: CLRec re-evaluated with the popularity prior α ${alpha}`);
          const ev = await evaluateCheckpoint(runDir, { popularityPrior: alpha }, opts.backend, log);
          report.rows.push({
            ...trained, model: `clrec@prior=${alpha}`, short: `CLRec α=${alpha}`, trainSeconds: 0,
            label: `the CLRec model above, ranked by its logits + ${alpha}·log q(y) (serving-time popularity prior, no retraining)`,
            metrics: ev.rows.test, debias: ev.debias,
          });
        }
      }
    } catch (e) {
      report.failed.push({ model: name, error: (e as Error).message });
      log(`${name}: failed: ${(e as Error).message}`);
    }
    write();
  }
  log(`paper: wrote ${join(opts.out, 'paper.md')}, paper.json and ${report.plots.length} SVG plot(s) (wall ${formatDuration(report.wallSeconds)})`);
  return report;
}
