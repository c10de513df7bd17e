import * as tf from '@tensorflow/tfjs';
import type { EpochEndEvent, NegativeQueue, Optimizer, StepEndEvent, TrainEndEvent, TrainingCallback, TrainingControl } from '@clrec/core';

export type { EpochEndEvent, StepEndEvent, TrainEndEvent, TrainingControl };
import type { TrainingState } from './fit';
import type { Model } from './model';

/** What callbacks of {@link fit} see. */
export interface FitContext {
  /** The model being trained. */
  model: Model;
  optimizer: Optimizer;
  queue: NegativeQueue;
  /** The live training state (best / sinceBest are the evaluation callback's to keep). */
  state: TrainingState;
  epochs: number;
  stepsPerEpoch: number;
  /** What an example is: `examples` or `sequences`. */
  unit: 'examples' | 'sequences';
  numExamples: number;
  control: TrainingControl;
  /** The state with the queue, sampler RNG and wall time brought up to date: what a checkpoint saves. */
  snapshot(): TrainingState;
}

/**
 * A training callback of {@link fit}: the spec's `TrainingCallback` over a {@link FitContext}. Any
 * subset of the hooks, called in the order the callbacks are given; async hooks are awaited.
 */
export type FitCallback = TrainingCallback<FitContext>;

/** Options of {@link nanGuard}. */
export interface NanGuardOptions {
  /** Also check every parameter for NaN / ±Infinity every this many steps of an epoch (0 = only at epoch ends); match the checkpoint interval so no save sees a bad weight. */
  checkWeightsEvery?: number;
  /** Where the last good weights are, for the error message (e.g. `runs/x/checkpoints/last (global step 1500)`); null when none was saved. */
  lastGood?: () => string | null;
}

/**
 * Stops training with an error naming the epoch and step when a step's loss is NaN or ±Infinity, or
 * when a parameter holds a non-finite value at an epoch end (and every `checkWeightsEvery` steps).
 * Put it first among the callbacks: it then runs before evaluation and checkpointing, so a diverged
 * model is never evaluated or saved, and the error names the last good checkpoint, which is kept.
 */
export function nanGuard(o: NanGuardOptions = {}): FitCallback {
  const fail = (what: string, where: string): never => {
    const good = o.lastGood?.() ?? null;
    throw new Error(`train: ${what} at ${where}; ${good ? `the last good checkpoint is kept: ${good}` : 'no checkpoint was saved before it'}. Lower --learning-rate or raise --temperature`);
  };
  const checkWeights = (ctx: FitContext, where: string) => {
    for (const p of ctx.model.params) {
      const bad = tf.tidy(() => tf.sum(tf.cast(tf.logicalNot(tf.isFinite(p.variable)), 'int32')).dataSync()[0]);
      if (bad > 0) fail(`parameter "${p.name}" holds ${bad} non-finite value${bad === 1 ? '' : 's'}`, where);
    }
  };
  return {
    specificationVersion: 'v1', name: 'nan-guard',
    onStepEnd: (e, ctx) => {
      const where = `epoch ${e.epoch}, step ${e.step} (global step ${e.globalStep})`;
      if (!Number.isFinite(e.loss)) fail(`loss became ${e.loss}`, where);
      const every = o.checkWeightsEvery ?? 0;
      if (every > 0 && e.step % every === 0) checkWeights(ctx, where);
    },
    onEpochEnd: (e, ctx) => checkWeights(ctx, `the end of epoch ${e.epoch}`),
  };
}

/** Options of {@link evaluationCallback}. */
export interface EvaluationCallbackOptions {
  /** Metrics of the model now (e.g. validation HR@K / NDCG@K); called at every epoch end. */
  evaluate(model: Model): Record<string, number> | Promise<Record<string, number>>;
  /** The metric that picks the best epoch (higher is better). */
  selectMetric: string;
  /** Stop after this many epochs without improvement (0 = never). */
  patience?: number;
  /** Keep a host copy of the best epoch's weights and put them back when training ends (default false). */
  restoreBest?: boolean;
}

/**
 * Evaluates at every epoch end, adds the metrics to the epoch's event (and history), keeps the best
 * epoch in `state.best`, and stops early after `patience` epochs without improvement.
 * @throws Error when `selectMetric` is not among the metrics, naming the ones that are
 */
export function evaluationCallback(o: EvaluationCallbackOptions): FitCallback {
  let bestWeights: Float32Array[] | null = null;
  return {
    specificationVersion: 'v1', name: 'evaluation',
    async onEpochEnd(e, ctx) {
      const metrics = await o.evaluate(ctx.model);
      Object.assign(e.metrics, metrics);
      const value = metrics[o.selectMetric];
      if (value === undefined) throw new Error(`selectMetric "${o.selectMetric}" is not computed; valid: ${Object.keys(metrics).join(', ')}`);
      const s = ctx.state;
      if (s.best === null || value > s.best.value) {
        s.best = { epoch: e.epoch, value };
        s.sinceBest = 0;
        if (o.restoreBest) bestWeights = ctx.model.params.map((p) => p.variable.dataSync().slice() as Float32Array);
      } else s.sinceBest++;
      if ((o.patience ?? 0) > 0 && s.sinceBest >= (o.patience ?? 0)) ctx.control.stop('early-stop');
    },
    onTrainEnd(_e, ctx) {
      if (!bestWeights) return;
      ctx.model.params.forEach((p, i) => {
        const t = tf.tensor(bestWeights![i], p.variable.shape, p.variable.dtype);
        p.variable.assign(t);
        t.dispose();
      });
      bestWeights = null;
    },
  };
}
