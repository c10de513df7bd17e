import { join } from 'node:path';
import { Adam, inversePropensityWeights, type Loss, type NegativeQueue, Rng } from '@clrec/core';
import { formatMetricsTable } from '@clrec/metrics';
import {
  checkpointAdamState, type LoadedCheckpoint, loadCheckpoint, restoreParams, saveCheckpoint, type TrainingState,
} from './checkpoint';
import type { TrainConfig } from './config';
import { prepareData } from './data';
import { evaluateFullRanking, sampleExamples } from './evaluate';
import { buildModel } from './model';
import { formatDuration, Progress } from './progress';
import { LOSSES, QUEUES, type QueueDeps, resolveObjective, resolvePlugin } from './registry';
import { trainStep } from './train-step';
import { writeOutputs, type RunResults } from './outputs';

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
}

/**
 * Trains CLRec-inter end to end: data, model, epochs with progress, validation each epoch, best and
 * last checkpoints, then test evaluation of the best checkpoint and atomic outputs in `config.out`.
 * Returns the results, or `null` when stopped early by `stopAfterSteps`.
 */
export async function train(opts: TrainOptions): Promise<RunResults | null> {
  const config = opts.loss || opts.queue ? opts.config : resolveObjective(opts.config);
  const { log } = opts;
  const data = prepareData(config, log);
  if (opts.resume) {
    const fp = opts.resume.manifest.dataset;
    const now = data.fingerprint;
    if (fp.numUsers !== now.numUsers || fp.numItems !== now.numItems || fp.interactions !== now.interactions) {
      throw new Error(`resume: the checkpoint was trained on ${fp.name} (${fp.numUsers} users, ${fp.numItems} items, ${fp.interactions} interactions) but --data gives ${now.name} (${now.numUsers}, ${now.numItems}, ${now.interactions})`);
    }
  }
  const rng = new Rng(config.seed);
  const model = buildModel(config, data.dataset.numItems, rng);
  const loss = opts.loss ?? resolvePlugin(LOSSES, 'loss', config.loss)(config);
  const deps: QueueDeps = { config, model, itemCounts: data.itemCounts };
  const queue = opts.queue ? opts.queue(deps) : resolvePlugin(QUEUES, 'queue', resolveObjective(config).queue)(deps);
  const itemWeights = config.loss === 'ipw' ? inversePropensityWeights(data.itemCounts, { clip: config.ipwClip }) : undefined;
  const samplerRng = new Rng(config.seed ^ 0x5eed);
  const ctx = { itemEncoder: model.item, rng: samplerRng };
  const ckParams = () => [...model.params, ...queue.variables()];
  const adam = new Adam(model.params, { learningRate: config.learningRate });
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
  const meta = () => ({ config, dataset: data.fingerprint, state });
  const saveLast = async () => {
    state.queue = queue.state();
    state.samplerRngState = samplerRng.getState();
    await saveCheckpoint(join(ckDir, 'last'), meta(), ckParams(), await adam.getState());
  };
  const validSet = sampleExamples(data.split.valid, config.maxEvalUsers, config.seed + 1);
  const evalOpts = { ks: config.ks, maxLen: config.maxLen, excludeHistory: config.excludeHistory };
  const n = data.users.length;
  const steps = Math.ceil(n / config.batchSize);
  const progress = new Progress();
  const sessionStart = Date.now();
  const priorWall = state.wallSeconds; // wall time of earlier (interrupted) sessions of this run
  const wall = () => priorWall + (Date.now() - sessionStart) / 1000;
  let trainedExamples = 0;
  let lastYield = Date.now();
  let trainSeconds = 0;
  log(`train: ${config.epochs} epochs x ${steps} steps, loss ${loss.name}, queue ${queue.name} (${queue.capacity}), batch ${config.batchSize}, d ${config.dim}, backend ${opts.backend}`);

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
        const histories: Int32Array[] = [];
        const positives = new Int32Array(idx.length);
        idx.forEach((e, i) => {
          const seq = data.split.train[data.users[e]];
          const t = data.targets[e];
          histories.push(seq.subarray(Math.max(0, t - config.maxLen), t));
          positives[i] = seq[t];
        });
        const value = trainStep(model, loss, queue, adam, { histories, positives }, { maxLen: config.maxLen, ctx, maskAccidentalHits: config.maskAccidentalHits, itemWeights });
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
      const valid = evaluateFullRanking(model, validSet, evalOpts);
      const value = valid[config.selectMetric];
      if (value === undefined) throw new Error(`selectMetric "${config.selectMetric}" is not computed; valid: ${Object.keys(valid).join(', ')}`);
      state.history.push({ epoch: epoch + 1, loss: lossSum / Math.max(1, lossCount), valid, seconds: epochSec });
      const improved = state.best === null || value > state.best.value;
      if (improved) {
        state.best = { epoch: epoch + 1, value };
        state.sinceBest = 0;
      } else state.sinceBest++;
      log(`epoch ${epoch + 1}: loss ${(lossSum / Math.max(1, lossCount)).toFixed(4)}  valid ${config.ks.map((k) => `HR@${k} ${valid[`HR@${k}`].toFixed(4)}`).join(' ')} ${config.selectMetric} ${value.toFixed(4)}${improved ? ' (best)' : ''}  ${formatDuration(epochSec)}`);
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
    const test = evaluateFullRanking(model, sampleExamples(data.split.test, config.maxEvalUsers, config.seed + 2), evalOpts);
    const bestValid = state.history.find((h) => h.epoch === state.best?.epoch)?.valid ?? {};
    const results: RunResults = {
      tool: 'clrec', command: 'train', dataset: { ...data.fingerprint, split: config.split, trainExamples: n, validUsers: validSet.length, testUsers: data.split.test.length },
      protocol: { kind: 'full-ranking', excludeHistory: config.excludeHistory, ties: 'pessimistic', maxEvalUsers: config.maxEvalUsers },
      backend: opts.backend, config, bestEpoch: state.best?.epoch ?? null, epochsRun: state.epoch,
      metrics: { valid: bestValid, test },
      wallSeconds: { train: trainSeconds, total: wall() },
      examplesPerSecond: trainSeconds > 0 ? trainedExamples / trainSeconds : null,
      history: state.history,
    };
    await writeOutputs(config.out, results, model, data.dataset.itemIds);
    const table = formatMetricsTable({ [`valid (epoch ${results.bestEpoch})`]: bestValid, test }, { label: data.dataset.name });
    log(`\n${table}\n`);
    log(`results: ${join(config.out, 'results.json')} (wall ${formatDuration(results.wallSeconds.total)})`);
    return results;
  } finally {
    queue.dispose();
    adam.dispose();
    model.dispose();
  }
}
