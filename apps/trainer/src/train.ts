import { join } from 'node:path';
import { LazyAdam, inversePropensityWeights, type Loss, type NegativeQueue, Rng } from '@clrec/core';
import {
  checkpointAdamState, type LoadedCheckpoint, loadCheckpoint, restoreParams, saveCheckpoint, type TrainingState,
} from './checkpoint';
import type { TrainConfig } from './config';
import { type PreparedData, prepareData, resolveDataChoices } from './data';
import { evaluateDebias } from './evaluate-debias';
import { evaluateSplit, prepareEvaluation } from './evaluate-plan';
import { buildModel } from './model';
import { formatDuration, Progress } from './progress';
import { LOSSES, QUEUES, type QueueDeps, resolveObjective, resolvePlugin } from './registry';
import { makeStepRunner } from './step-runner';
import { buildAuxiliaries } from './multi-clrec-aux';
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
}

/**
 * Trains CLRec-inter end to end: data, model, epochs with progress, validation each epoch, best and
 * last checkpoints, then test evaluation of the best checkpoint and atomic outputs in `config.out`.
 * Returns the results, or `null` when stopped early by `stopAfterSteps`.
 */
export async function train(opts: TrainOptions): Promise<RunResults | null> {
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
  const rng = new Rng(config.seed);
  const model = buildModel(config, data.dataset.numItems, rng, data.dataset);
  const loss = opts.loss ?? resolvePlugin(LOSSES, 'loss', config.loss)(config);
  const deps: QueueDeps = { config, model, itemCounts: data.itemCounts };
  const queue = opts.queue ? opts.queue(deps) : resolvePlugin(QUEUES, 'queue', resolveObjective(config).queue)(deps);
  const itemWeights = config.loss === 'ipw' ? inversePropensityWeights(data.itemCounts, { clip: config.ipwClip }) : undefined;
  const samplerRng = new Rng(config.seed ^ 0x5eed);
  const ctx = { itemEncoder: model.item, rng: samplerRng };
  const ckParams = () => [...model.params, ...queue.variables()];
  // Lazy (row-sparse) Adam on the tables the encoders mark sparse; `sparse: []` is exactly the dense Adam.
  const adam = new LazyAdam(model.params, { learningRate: config.learningRate, sparse: config.sparseEmbeddings === false ? [] : undefined });
  let state: TrainingState = {
    epoch: 0, stepInEpoch: 0, epochLoss: { sum: 0, count: 0 }, globalStep: 0, epochRngState: rng.getState(), samplerRngState: samplerRng.getState(), queue: queue.state(),
    history: [], best: null, sinceBest: 0, wallSeconds: 0,
  };
  if (opts.resume) {
    restoreParams(opts.resume, ckParams());
    const st = checkpointAdamState(opts.resume);
    if (st) adam.setState(st);
    state = opts.resume.manifest.state;
    queue.restore(state.queue);
    samplerRng.setState(state.samplerRngState);
    log(`resume: from ${opts.resume.dir} at epoch ${state.epoch + 1}, step ${state.stepInEpoch} (global step ${state.globalStep})`);
  }
  const ckDir = join(config.out, 'checkpoints');
  const meta = () => ({ config, dataset: data.fingerprint, state, itemIds: data.dataset.itemIds });
  const saveLast = async () => {
    state.queue = queue.state();
    state.samplerRngState = samplerRng.getState();
    await saveCheckpoint(join(ckDir, 'last'), meta(), ckParams(), await adam.getState());
  };
  const evalPlan = await prepareEvaluation(config, data, log);
  const validSet = evalPlan.valid.examples;
  const aux = buildAuxiliaries(config, model, data.dataset.itemFeatures, log);
  const runner = makeStepRunner({ config, data, model, loss, queue, adam, ctx, itemWeights, auxiliaries: aux.list });
  const n = runner.numExamples;
  const steps = Math.ceil(n / config.batchSize);
  const progress = new Progress();
  const sessionStart = Date.now();
  const priorWall = state.wallSeconds; // wall time of earlier (interrupted) sessions of this run
  const wall = () => priorWall + (Date.now() - sessionStart) / 1000;
  let trainedExamples = 0;
  let lastYield = Date.now();
  let trainSeconds = 0;
  log(`train: ${config.epochs} epochs x ${steps} steps, loss ${loss.name}, queue ${queue.name} (${queue.capacity}), batch ${config.batchSize} ${runner.unit}, d ${config.dim}, ` +
    `user encoder ${config.userEncoder}, item features ${config.itemFeatures}, time buckets ${config.timeBuckets}, backend ${opts.backend}`);

  try {
    for (let epoch = state.epoch; epoch < config.epochs; epoch++) {
      rng.setState(state.epochRngState);
      const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
      const epochStart = Date.now();
      let lossSum = state.epochLoss.sum;
      let lossCount = state.epochLoss.count;
      let sessionSteps = 0;
      for (let step = state.stepInEpoch; step < steps; step++) {
        const idx = order.subarray(step * config.batchSize, Math.min(n, (step + 1) * config.batchSize));
        const value = runner.step(idx);
        if (!Number.isFinite(value)) throw new Error(`train: loss became ${value} at epoch ${epoch + 1}, step ${step + 1}; lower --learning-rate or raise --temperature`);
        lossSum += value;
        lossCount++;
        sessionSteps++;
        state.epochLoss = { sum: lossSum, count: lossCount };
        trainedExamples += idx.length;
        state.stepInEpoch = step + 1;
        state.globalStep++;
        const sec = (Date.now() - epochStart) / 1000;
        const rate = (sessionSteps * config.batchSize) / Math.max(sec, 1e-3);
        progress.update({
          epoch: epoch + 1, epochs: config.epochs, step: step + 1, steps, loss: value, examplesPerSec: rate,
          etaSec: ((steps - step - 1) * config.batchSize) / rate,
        });
        if (config.checkpointEvery > 0 && state.stepInEpoch % config.checkpointEvery === 0 && state.stepInEpoch < steps) {
          await saveLast();
        }
        if (Date.now() - lastYield > 100) {
          // steps are synchronous: let signal handlers (Ctrl-C) and I/O run now and then
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
        if (opts.signal?.aborted || (opts.stopAfterSteps !== undefined && state.globalStep >= opts.stopAfterSteps)) {
          state.wallSeconds = wall();
          await saveLast();
          progress.break();
          log(`train: stopped after ${state.globalStep} steps, checkpoint saved; resume with: clrec train --resume ${config.out}`);
          return null;
        }
      }
      const epochSec = (Date.now() - epochStart) / 1000;
      trainSeconds += epochSec;
      progress.break();
      const valid = evaluateSplit(model, evalPlan.valid, config, Math.max(...config.debiasKs)).metrics;
      const value = valid[config.selectMetric];
      if (value === undefined) throw new Error(`selectMetric "${config.selectMetric}" is not computed; valid: ${Object.keys(valid).join(', ')}`);
      state.history.push({ epoch: epoch + 1, loss: lossSum / Math.max(1, lossCount), valid, seconds: epochSec });
      const improved = state.best === null || value > state.best.value;
      if (improved) {
        state.best = { epoch: epoch + 1, value };
        state.sinceBest = 0;
      } else state.sinceBest++;
      log(`epoch ${epoch + 1}: loss ${(lossSum / Math.max(1, lossCount)).toFixed(4)}  valid ${config.ks.map((k) => `HR@${k} ${valid[`HR@${k}`].toFixed(4)}`).join(' ')} ${config.selectMetric} ${value.toFixed(4)}${improved ? ' (best)' : ''}  ${formatDuration(epochSec)}`);
      const auxLine = aux.epochSummary();
      if (auxLine) log(auxLine);
      state.epoch = epoch + 1;
      state.stepInEpoch = 0;
      state.epochLoss = { sum: 0, count: 0 };
      state.epochRngState = rng.getState();
      state.wallSeconds = wall();
      if (improved) await saveCheckpoint(join(ckDir, 'best'), meta(), model.params, null);
      await saveLast();
      if (config.patience > 0 && state.sinceBest >= config.patience) {
        log(`train: early stop, no ${config.selectMetric} improvement for ${config.patience} epochs`);
        break;
      }
    }
    if (state.best) restoreParams(loadCheckpoint(join(ckDir, 'best')), model.params);
    const testEval = evaluateSplit(model, evalPlan.test, config, Math.max(...config.debiasKs));
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
      tool: 'clrec', command: 'train', dataset: { ...data.fingerprint, split: config.split, trainExamples: n, validUsers: validSet.length, testUsers: data.split.test.length },
      protocol: evalPlan.protocol, debias,
      backend: opts.backend, config, bestEpoch: state.best?.epoch ?? null, epochsRun: state.epoch,
      metrics: { valid: bestValid, test },
      wallSeconds: { train: trainSeconds, total: wall() },
      examplesPerSecond: trainSeconds > 0 ? trainedExamples / trainSeconds : null,
      history: state.history,
    };
    await writeOutputs(config.out, results, model, data.dataset.itemIds);
    const table = formatEvalTables({ [`valid (epoch ${results.bestEpoch})`]: bestValid, test }, data.dataset.name);
    log(`\n${table}\n`);
    log(`results: ${join(config.out, 'results.json')} (wall ${formatDuration(results.wallSeconds.total)})`);
    return results;
  } finally {
    queue.dispose();
    aux.dispose();
    adam.dispose();
    model.dispose();
  }
}
