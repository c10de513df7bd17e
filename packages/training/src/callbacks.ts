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

/**
 * Stops training with an error naming the epoch and step when a step's loss is NaN or ±Infinity
 * (a diverged model would otherwise keep training and be checkpointed).
 */
export function nanGuard(): FitCallback {
  return {
    specificationVersion: 'v1', name: 'nan-guard',
    onStepEnd: (e) => {
      if (!Number.isFinite(e.loss)) throw new Error(`train: loss became ${e.loss} at epoch ${e.epoch}, step ${e.step}; lower --learning-rate or raise --temperature`);
    },
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
