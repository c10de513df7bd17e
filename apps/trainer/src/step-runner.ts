import type { Loss, NegativeQueue, Optimizer, QueueContext } from '@clrec/core';
import type { TrainConfig } from './config';
import type { PreparedData } from './data';
import type { Model } from './model';
import { sequenceTrainStep } from './sequence-step';
import { type StepAuxiliary, trainStep } from './train-step';
import { futureClicks } from './u2u-aux';

/** What one epoch iterates over and how one step trains on a slice of it. */
export interface StepRunner {
  /** Examples per epoch: (user, target) pairs, or whole sequences for the every-position loss. */
  readonly numExamples: number;
  /** What an example is, for logs: `examples` or `sequences`. */
  readonly unit: 'examples' | 'sequences';
  /** Trains one step on the examples `idx` (indices in [0, numExamples)); returns the step's mean loss. */
  step(idx: Int32Array): number;
}

/** What {@link makeStepRunner} needs. */
export interface StepRunnerDeps {
  config: TrainConfig;
  data: PreparedData;
  model: Model;
  loss: Loss;
  queue: NegativeQueue;
  adam: Optimizer;
  ctx: QueueContext;
  itemWeights?: Float32Array;
  /** Extra objectives of each step (Multi-CLRec's auxiliary losses, u2u); `trainPositions: last` only. */
  auxiliaries?: StepAuxiliary[];
}

/**
 * The step function of a run. `trainPositions: last` → {@link trainStep} on (history, next click)
 * examples (one per training position, history = the `maxLen` clicks before it, with time buckets
 * when the model uses them); `all` → {@link sequenceTrainStep} on whole training sequences (SASRec),
 * with dropout seeds drawn from the checkpointed sampler RNG so resumes are exact.
 */
export function makeStepRunner(d: StepRunnerDeps): StepRunner {
  const { config, data, model, loss, queue, adam, ctx, itemWeights } = d;
  const common = { maxLen: config.maxLen, ctx, maskAccidentalHits: config.maskAccidentalHits, itemWeights };
  const auxiliaries = d.auxiliaries ?? [];
  if (config.trainPositions === 'all') {
    if (auxiliaries.length) throw new Error(`${auxiliaries.map((a) => a.name).join(', ')}: needs one user vector per (history, next click) example; use --train-positions last`);
    const seqUsers = Int32Array.from(data.split.train.flatMap((s, u) => (s.length >= 2 ? [u] : [])));
    return {
      numExamples: seqUsers.length,
      unit: 'sequences',
      step: (idx) => sequenceTrainStep(model, loss, queue, adam, Array.from(idx, (e) => data.split.train[seqUsers[e]]), {
        ...common, maskOwnItems: config.maskOwnItems, dropoutSeed: ctx.rng.nextUint32(),
      }),
    };
  }
  const times = model.timeBuckets > 0 ? data.split.trainTimes : null;
  return {
    numExamples: data.users.length,
    unit: 'examples',
    step: (idx) => {
      const histories: Int32Array[] = [];
      const clickTimes: Float64Array[] = [];
      const queryTimes: number[] = [];
      const positives = new Int32Array(idx.length);
      const users = new Int32Array(idx.length);
      const futures: Int32Array[] = [];
      idx.forEach((e, i) => {
        const u = data.users[e];
        const seq = data.split.train[u];
        const t = data.targets[e];
        const from = Math.max(0, t - config.maxLen);
        histories.push(seq.subarray(from, t));
        positives[i] = seq[t];
        users[i] = u;
        if (config.u2u > 0) futures.push(futureClicks(seq, t, config.u2uLength));
        if (times) {
          clickTimes.push(times[u].subarray(from, t));
          queryTimes.push(times[u][t]);
        }
      });
      return trainStep(model, loss, queue, adam, {
        histories, positives, users, futures: config.u2u > 0 ? futures : undefined,
        times: times ? { clickTimes, queryTimes, numBuckets: model.timeBuckets } : undefined,
      }, {
        ...common, maskOwnItems: config.maskOwnItems, auxiliaries,
      });
    },
  };
}
