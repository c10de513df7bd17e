import { type Loss, type NegativeQueue, type Optimizer, type QueueState, Rng, type RngState } from '@clrec/core';
import type { HistoryTimes } from '@clrec/encoders';
import type { Model } from './model';
import { makeStepRunner } from './step-runner';
import type { StepAuxiliary } from './train-step';
import type { EpochEndEvent, FitCallback, FitContext, StepEndEvent } from './callbacks';

/** Progress and bookkeeping of a fit, saved with checkpoints so a run resumes exactly where it stopped. */
export interface TrainingState {
  /** Epochs fully completed. */
  epoch: number;
  /** Steps completed within the current (unfinished) epoch. */
  stepInEpoch: number;
  /** Sum and count of step losses so far in the current epoch (for its mean loss after a resume). */
  epochLoss: { sum: number; count: number };
  /** Steps completed overall. */
  globalStep: number;
  /** RNG state at the start of the current epoch (re-creates its shuffle order on resume). */
  epochRngState: RngState;
  /** State of the RNG negative samplers (and dropout seeds) draw from. */
  samplerRngState: RngState;
  /** Negative-queue contents. */
  queue: QueueState;
  /** Metrics of each finished epoch (`valid`: what the evaluation callbacks computed). */
  history: { epoch: number; loss: number; valid: Record<string, number>; seconds: number }[];
  /** Best value of the selection metric so far, and its epoch (kept by an evaluation callback). */
  best: { epoch: number; value: number } | null;
  /** Epochs since the best one (for early stopping). */
  sinceBest: number;
  /** Training wall time accumulated before this process (seconds). */
  wallSeconds: number;
}

/** The training data of a fit: each user's chronological training clicks. */
export interface FitData {
  /** Training sequence of each user (dense item ids ≥ 1). */
  sequences: Int32Array[];
  /** Click times aligned with `sequences` (unix seconds), for models with time buckets. */
  times?: Float64Array[] | null;
}

/** Options of {@link fit}. */
export interface FitOptions {
  model: Model;
  loss: Loss;
  queue: NegativeQueue;
  optimizer: Optimizer;
  data: FitData;
  epochs: number;
  /** Examples (or sequences, with `positions: 'all'`) per step. */
  batchSize: number;
  /** Longest history fed to the user encoder. */
  maxLen: number;
  /** Seed of the epoch shuffles and of the samplers' RNG (default 42). */
  seed?: number;
  /** The generator of the epoch shuffles (default `new Rng(seed)`); e.g. the one that initialised the model, to continue its stream. */
  rng?: Rng;
  /** Which positions carry a loss: `last` (every prefix predicts its next click) or `all` (a per-position encoder; default: `all` when the model has one). */
  positions?: 'last' | 'all';
  maskOwnItems?: boolean;
  maskAccidentalHits?: boolean;
  /** Per-item example weights (inverse propensities for IPW), indexed by item id. */
  itemWeights?: Float32Array;
  /** Step plugins: extra objectives trained in the same update (Multi-CLRec's auxiliary losses, u2u). */
  auxiliaries?: StepAuxiliary[];
  /** Called in order at each event; they evaluate, checkpoint, log, stop early. */
  callbacks?: FitCallback[];
  /** Continue from this state (restore the weights, optimizer and queue before calling). */
  resume?: TrainingState;
  /** When aborted, the fit stops after the current step (`stopped: 'requested'`). */
  signal?: AbortSignal;
}

/** What {@link fit} returns. */
export interface FitResult {
  state: TrainingState;
  stopped: 'completed' | 'early-stop' | 'requested';
  /** Seconds spent in training steps in this process (evaluation excluded). */
  trainSeconds: number;
  /** Examples trained in this process. */
  trainedExamples: number;
}

/**
 * The training loop: shuffled epochs of {@link trainStep} over the data with the given plugin objects,
 * and callbacks at every step and epoch end. It touches no file and prints nothing: progress,
 * evaluation with early stopping, checkpoints and the NaN guard are callbacks (see `./callbacks`).
 * Deterministic for a seed, and resumable exactly from a saved {@link TrainingState}.
 */
export async function fit(o: FitOptions): Promise<FitResult> {
  const seed = o.seed ?? 42;
  const rng = o.rng ?? new Rng(seed);
  const samplerRng = new Rng(seed ^ 0x5eed);
  const ctxQ = { itemEncoder: o.model.item, rng: samplerRng };
  const positions = o.positions ?? (o.model.sequence ? 'all' : 'last');
  const futureLength = Math.max(0, ...(o.auxiliaries ?? []).map((a) => a.futureLength ?? 0));
  const runner = makeStepRunner({
    model: o.model, loss: o.loss, queue: o.queue, optimizer: o.optimizer, ctx: ctxQ, sequences: o.data.sequences, times: o.data.times ?? null,
    positions, maxLen: o.maxLen, maskOwnItems: o.maskOwnItems, maskAccidentalHits: o.maskAccidentalHits, itemWeights: o.itemWeights,
    auxiliaries: o.auxiliaries, futureLength,
  });
  const state: TrainingState = o.resume ?? {
    epoch: 0, stepInEpoch: 0, epochLoss: { sum: 0, count: 0 }, globalStep: 0, epochRngState: rng.getState(), samplerRngState: samplerRng.getState(),
    queue: o.queue.state(), history: [], best: null, sinceBest: 0, wallSeconds: 0,
  };
  if (o.resume) samplerRng.setState(o.resume.samplerRngState);
  let stopReason: string | null = null;
  const sessionStart = Date.now();
  const priorWall = state.wallSeconds;
  const n = runner.numExamples;
  const steps = Math.ceil(n / o.batchSize);
  const ctx: FitContext = {
    model: o.model, optimizer: o.optimizer, queue: o.queue, state, epochs: o.epochs, stepsPerEpoch: steps, unit: runner.unit, numExamples: n,
    control: {
      stop: (reason) => { stopReason ??= reason; },
      get stopRequested() { return stopReason !== null; },
    },
    snapshot: () => {
      state.queue = o.queue.state();
      state.samplerRngState = samplerRng.getState();
      state.wallSeconds = priorWall + (Date.now() - sessionStart) / 1000;
      return state;
    },
  };
  const callbacks = o.callbacks ?? [];
  const run = async <K extends 'onTrainBegin' | 'onStepEnd' | 'onEpochEnd'>(name: K, event?: StepEndEvent | EpochEndEvent) => {
    for (const c of callbacks) {
      const f = c[name] as ((e: unknown, x: FitContext) => void | Promise<void>) | undefined;
      if (f) await (name === 'onTrainBegin' ? (f as unknown as (x: FitContext) => void | Promise<void>).call(c, ctx) : f.call(c, event, ctx));
    }
  };
  let trainSeconds = 0;
  let trainedExamples = 0;
  let lastYield = Date.now();
  let stopped: FitResult['stopped'] = 'completed';
  const finish = async () => {
    ctx.snapshot();
    for (const c of callbacks) await c.onTrainEnd?.({ epochsRun: state.epoch, globalStep: state.globalStep, stopped }, ctx);
    return { state, stopped, trainSeconds, trainedExamples };
  };
  await run('onTrainBegin');
  for (let epoch = state.epoch; epoch < o.epochs; epoch++) {
    rng.setState(state.epochRngState);
    const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    const epochStart = Date.now();
    let sessionSteps = 0;
    for (let step = state.stepInEpoch; step < steps; step++) {
      const idx = order.subarray(step * o.batchSize, Math.min(n, (step + 1) * o.batchSize));
      const value = runner.step(idx);
      state.epochLoss = { sum: state.epochLoss.sum + value, count: state.epochLoss.count + 1 };
      sessionSteps++;
      trainedExamples += idx.length;
      state.stepInEpoch = step + 1;
      state.globalStep++;
      await run('onStepEnd', {
        epoch: epoch + 1, step: step + 1, stepsPerEpoch: steps, globalStep: state.globalStep, loss: value, examples: sessionSteps * o.batchSize,
        seconds: (Date.now() - epochStart) / 1000,
      });
      if (Date.now() - lastYield > 100) {
        // steps are synchronous: let signal handlers (Ctrl-C) and I/O run now and then
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = Date.now();
      }
      if (o.signal?.aborted || stopReason !== null) {
        trainSeconds += (Date.now() - epochStart) / 1000;
        stopped = 'requested';
        return finish();
      }
    }
    const epochSec = (Date.now() - epochStart) / 1000;
    trainSeconds += epochSec;
    const loss = state.epochLoss.sum / Math.max(1, state.epochLoss.count);
    const metrics: Record<string, number> = {};
    state.history.push({ epoch: epoch + 1, loss, valid: metrics, seconds: epochSec });
    state.epoch = epoch + 1;
    state.stepInEpoch = 0;
    state.epochLoss = { sum: 0, count: 0 };
    state.epochRngState = rng.getState();
    await run('onEpochEnd', { epoch: epoch + 1, loss, seconds: epochSec, metrics });
    if (stopReason !== null) {
      stopped = stopReason === 'early-stop' ? 'early-stop' : 'requested';
      break;
    }
  }
  return finish();
}
