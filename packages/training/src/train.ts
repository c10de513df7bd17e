import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inversePropensityWeights, type Loss, type NegativeQueue, Rng } from '@clrec/core';
import { evaluationCallback, type FitCallback, nanGuard } from './callbacks';
import { checkpointAdamState, type LoadedCheckpoint, loadCheckpoint, restoreParams } from './checkpoint';
import { checkpointCallback } from './checkpoint-callback';
import type { TrainConfig } from './config';
import { checkConfig } from './config-check';
import { checkOutputDir } from './output-dir';
import { type PreparedData, prepareData, resolveDataChoices } from './data';
import { evaluateDebias } from './evaluate-debias';
import { evaluateSplit, prepareEvaluation } from './evaluate-plan';
import { fit } from './fit';
import { buildModelFromConfig } from './model';
import { buildAuxiliaries } from './multi-clrec-aux';
import { formatDuration } from './progress';
import { LOSSES, OPTIMIZERS, QUEUES, type QueueDeps, resolveObjective } from './registry';
import { heldOutFutures, nextClicksMetrics } from './u2u-metrics';
import { formatEvalTables, writeOutputs, type RunResults } from './outputs';

/** Options of {@link train}. */
export interface TrainOptions {
  config: TrainConfig;
  /** Continue from this checkpoint (its state, queue, optimizer and RNG). */
  resume?: LoadedCheckpoint;
  /** Name of the active compute backend, recorded in results. */
  backend: string;
  log: (line: string) => void;
  /** Stop (after checkpointing) once this many global steps are done: simulates an interruption. */
  stopAfterSteps?: number;
  /** When aborted (e.g. on Ctrl-C), training saves the `last` checkpoint after the current step and stops. */
  signal?: AbortSignal;
  /** Your own objective; overrides `config.loss` (which is then only recorded). */
  loss?: Loss;
  /** Your own negative source, built once the model exists; overrides `config.queue`. */
  queue?: (deps: QueueDeps) => NegativeQueue;
  /**
   * A dataset already loaded and split (benchmarks with their own splits, e.g. weekday / weekend);
   * `config.data` is then only recorded, and `config` is resolved against its dataset (its own `config` is not used).
   */
  data?: PreparedData;
  /** More callbacks, run after the built-in ones (e.g. a progress display). */
  callbacks?: FitCallback[];
}

/**
 * Trains a recipe end to end on files (Node): data, model, {@link fit} with the evaluation (early
 * stopping on `selectMetric`), NaN-guard and checkpoint callbacks, then test evaluation of the best
 * checkpoint and atomic outputs in `config.out` (results.json / .md, item embeddings, checkpoints).
 * Returns the results, or `null` when stopped early by `stopAfterSteps` or the signal.
 */
export async function train(opts: TrainOptions): Promise<RunResults | null> {
  // every recipe problem surfaces here, before the data is read or anything is written
  if (!opts.loss && !opts.queue) checkConfig(opts.config);
  checkOutputDir(opts.config.out);
  const objective = opts.loss || opts.queue ? opts.config : resolveObjective(opts.config);
  const { log } = opts;
  const data = opts.data ? { ...opts.data, config: resolveDataChoices(objective, opts.data.dataset) } : prepareData(objective, log);
  const config = data.config; // item features, time buckets and loss positions resolved against the data
  if (opts.resume) {
    const fp = opts.resume.manifest.dataset;
    const now = data.fingerprint;
    if (fp.numUsers !== now.numUsers || fp.numItems !== now.numItems || fp.interactions !== now.interactions) {
      throw new Error(`resume: the checkpoint was trained on ${fp.name} (${fp.numUsers} users, ${fp.numItems} items, ${fp.interactions} interactions) but --data gives ${now.name} (${now.numUsers}, ${now.numItems}, ${now.interactions})`);
    }
  }
  const rng = new Rng(config.seed); // initialises the model, then shuffles the epochs (one stream, as checkpoints record it)
  const model = buildModelFromConfig(config, data.dataset.numItems, rng, data.dataset);
  const loss = opts.loss ?? LOSSES.get(config.loss).create(config);
  const deps: QueueDeps = { config, model, itemCounts: data.itemCounts };
  const queue = opts.queue ? opts.queue(deps) : QUEUES.get(resolveObjective(config).queue).create(deps);
  // a loss that declares it needs example weights gets the clipped inverse propensities of the training clicks
  const itemWeights = loss.requires.exampleWeights ? inversePropensityWeights(data.itemCounts, { clip: config.ipwClip }) : undefined;
  const optimizer = OPTIMIZERS.get(config.optimizer).create(model.params, config);
  const aux = buildAuxiliaries(config, model, data.dataset.itemFeatures, log);
  try {
    if (opts.resume) {
      restoreParams(opts.resume, [...model.params, ...queue.variables()]);
      const st = checkpointAdamState(opts.resume);
      if (st) optimizer.setState(st);
      queue.restore(opts.resume.manifest.state.queue);
      const s = opts.resume.manifest.state;
      log(`resume: from ${opts.resume.dir} at epoch ${s.epoch + 1}, step ${s.stepInEpoch} (global step ${s.globalStep})`);
    }
    const ckDir = join(config.out, 'checkpoints');
    const evalPlan = await prepareEvaluation(config, data, log);
    const topK = Math.max(...config.debiasKs);
    const unit = config.trainPositions === 'all' ? 'sequences' : 'examples';
    const callbacks: FitCallback[] = [
      nanGuard({ checkWeightsEvery: config.checkpointEvery, lastGood: () => lastGoodCheckpoint(ckDir) }),
      evaluationCallback({ evaluate: async (m) => (await evaluateSplit(m, evalPlan.valid, config, topK)).metrics, selectMetric: config.selectMetric, patience: config.patience }),
      {
        specificationVersion: 'v1', name: 'epoch-log',
        onEpochEnd: (e, ctx) => {
          const best = ctx.state.best?.epoch === e.epoch;
          log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}  valid ${config.ks.map((k) => `HR@${k} ${e.metrics[`HR@${k}`].toFixed(4)}`).join(' ')} ${config.selectMetric} ${e.metrics[config.selectMetric].toFixed(4)}${best ? ' (best)' : ''}  ${formatDuration(e.seconds)}`);
          const auxLine = aux.epochSummary();
          if (auxLine) log(auxLine);
        },
        onTrainEnd: (e) => {
          if (e.stopped === 'early-stop') log(`train: early stop, no ${config.selectMetric} improvement for ${config.patience} epochs`);
          if (e.stopped === 'requested') log(`train: stopped after ${e.globalStep} steps, checkpoint saved; resume with: clrec train --resume ${config.out}`);
        },
      },
      checkpointCallback({ dir: ckDir, meta: { config, dataset: data.fingerprint, itemIds: data.dataset.itemIds }, every: config.checkpointEvery }),
      ...(opts.stopAfterSteps !== undefined ? [stopAfter(opts.stopAfterSteps)] : []),
      ...(opts.callbacks ?? []),
    ];
    log(`train: ${config.epochs} epochs, loss ${loss.name}, queue ${queue.name} (${queue.capacity}), batch ${config.batchSize} ${unit}, d ${config.dim}, ` +
      `user encoder ${config.userEncoder}, item features ${config.itemFeatures}, time buckets ${config.timeBuckets}, backend ${opts.backend}`);
    const res = await fit({
      model, loss, queue, optimizer, data: { sequences: data.split.train, times: data.split.trainTimes }, epochs: config.epochs, batchSize: config.batchSize,
      maxLen: config.maxLen, seed: config.seed, rng, positions: config.trainPositions === 'all' ? 'all' : 'last', maskOwnItems: config.maskOwnItems,
      maskAccidentalHits: config.maskAccidentalHits, itemWeights, auxiliaries: aux.list, callbacks, resume: opts.resume?.manifest.state, signal: opts.signal,
    });
    if (res.stopped === 'requested') return null;
    const state = res.state;
    const fitEnd = Date.now();
    if (state.best) restoreParams(loadCheckpoint(join(ckDir, 'best')), model.params);
    const testEval = await evaluateSplit(model, evalPlan.test, config, topK);
    const test = testEval.metrics;
    if (config.u2u > 0) {
      // KDD Table 7: HR1@50 and Recall5@50 over the clicks the split held out after each test history
      const next = nextClicksMetrics(model, evalPlan.test.examples, heldOutFutures(data.dataset.sequences, evalPlan.test.examples, 5), { maxLen: config.maxLen });
      Object.assign(test, next.metrics);
      log(`u2u: test HR1@50 ${next.metrics['HR1@50'].toFixed(4)}  Recall5@50 ${next.metrics['Recall5@50'].toFixed(4)} (${next.users} users, ${next.meanFutureClicks.toFixed(2)} held-out next clicks each)`);
    }
    const debias = evaluateDebias(testEval.topK, evalPlan.test.examples, data, config);
    const bestValid = state.history.find((h) => h.epoch === state.best?.epoch)?.valid ?? {};
    const results: RunResults = {
      tool: 'clrec', command: 'train',
      dataset: { ...data.fingerprint, split: config.split, trainExamples: data.users.length, validUsers: evalPlan.valid.examples.length, testUsers: data.split.test.length },
      protocol: evalPlan.protocol, debias,
      backend: opts.backend, config, bestEpoch: state.best?.epoch ?? null, epochsRun: state.epoch,
      metrics: { valid: bestValid, test },
      wallSeconds: { train: res.trainSeconds, total: state.wallSeconds + (Date.now() - fitEnd) / 1000 }, // + test evaluation
      examplesPerSecond: res.trainSeconds > 0 ? res.trainedExamples / res.trainSeconds : null,
      history: state.history,
    };
    await writeOutputs(config.out, results, model, data.dataset.itemIds);
    const table = formatEvalTables({ [`valid (epoch ${results.bestEpoch})`]: bestValid, test }, data.dataset.name, evalPlan.protocol);
    log(`\n${table}\n`);
    log(`results: ${join(config.out, 'results.json')} (wall ${formatDuration(results.wallSeconds.total)})`);
    return results;
  } finally {
    queue.dispose();
    aux.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

/** Requests a stop once `steps` global steps are done (simulates an interruption in tests). */
function stopAfter(steps: number): FitCallback {
  return {
    specificationVersion: 'v1', name: 'stop-after',
    onStepEnd: (e, ctx) => {
      if (e.globalStep >= steps) ctx.control.stop('requested');
    },
  };
}

/** The newest saved checkpoint under `ckDir` and where it was taken, for the NaN guard's message; null when none. */
function lastGoodCheckpoint(ckDir: string): string | null {
  const found: string[] = [];
  for (const name of ['last', 'best']) {
    const manifest = join(ckDir, name, 'checkpoint.json');
    if (!existsSync(manifest)) continue;
    try {
      const st = (JSON.parse(readFileSync(manifest, 'utf8')) as { state?: { epoch?: number; globalStep?: number } }).state;
      found.push(`${name} ${join(ckDir, name)} (${name === 'best' ? `epoch ${st?.epoch}` : `global step ${st?.globalStep}`})`);
    } catch {
      // a checkpoint that cannot be read is not a good one to point at
    }
  }
  return found.length ? found.join(', ') : null;
}
