import type { Loss, NegativeQueue, Optimizer, QueueContext } from '@clrec/core';
import type { Model } from './model';
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
  model: Model;
  loss: Loss;
  queue: NegativeQueue;
  optimizer: Optimizer;
  ctx: QueueContext;
  /** Training sequence of each user. */
  sequences: Int32Array[];
  /** Click times aligned with `sequences`, used when the model has time buckets. */
  times: Float64Array[] | null;
  positions: 'last' | 'all';
  maxLen: number;
  maskOwnItems?: boolean;
  maskAccidentalHits?: boolean;
  itemWeights?: Float32Array;
  /** Extra objectives of each step (Multi-CLRec's auxiliary losses, u2u); `positions: last` only. */
  auxiliaries?: StepAuxiliary[];
  /** Clicks from each positive on given to the auxiliaries as `futures` (u2u keys); 0 = none. */
  futureLength?: number;
}

/**
 * (user, target position) of every training example: each click after a user's first is predicted
 * from the clicks before it, users in order, positions ascending.
 */
export function trainingExamples(sequences: Int32Array[]): { users: Int32Array; targets: Int32Array } {
  let n = 0;
  for (const s of sequences) n += Math.max(0, s.length - 1);
  const users = new Int32Array(n);
  const targets = new Int32Array(n);
  let e = 0;
  sequences.forEach((s, u) => {
    for (let t = 1; t < s.length; t++) {
      users[e] = u;
      targets[e++] = t;
    }
  });
  return { users, targets };
}

/**
 * The step function of a run, always {@link trainStep}: `positions: last` → history batches of (history,
 * next click) examples (one per training position, history = the `maxLen` clicks before it, with time
 * buckets when the model uses them); `all` → sequence batches of whole training sequences (SASRec),
 * with dropout seeds drawn from the (checkpointed) sampler RNG so resumes are exact.
 */
export function makeStepRunner(d: StepRunnerDeps): StepRunner {
  const { model, loss, queue, optimizer, ctx, sequences } = d;
  const common = { maxLen: d.maxLen, ctx, maskAccidentalHits: d.maskAccidentalHits, maskOwnItems: d.maskOwnItems, itemWeights: d.itemWeights };
  const auxiliaries = d.auxiliaries ?? [];
  if (d.positions === 'all') {
    if (auxiliaries.length) throw new Error(`${auxiliaries.map((a) => a.name).join(', ')}: needs one user vector per (history, next click) example; use --train-positions last`);
    const seqUsers = Int32Array.from(sequences.flatMap((s, u) => (s.length >= 2 ? [u] : [])));
    return {
      numExamples: seqUsers.length,
      unit: 'sequences',
      step: (idx) => trainStep(model, loss, queue, optimizer, {
        kind: 'sequences', sequences: Array.from(idx, (e) => sequences[seqUsers[e]]), dropoutSeed: ctx.rng.nextUint32(),
      }, common),
    };
  }
  const times = model.timeBuckets > 0 ? d.times : null;
  if (model.timeBuckets > 0 && !times) throw new Error('fit: the model embeds click times (time buckets) but the data has none; pass data.times');
  const { users: exUsers, targets } = trainingExamples(sequences);
  const future = d.futureLength ?? 0;
  return {
    numExamples: exUsers.length,
    unit: 'examples',
    step: (idx) => {
      const histories: Int32Array[] = [];
      const clickTimes: Float64Array[] = [];
      const queryTimes: number[] = [];
      const positives = new Int32Array(idx.length);
      const users = new Int32Array(idx.length);
      const futures: Int32Array[] = [];
      idx.forEach((e, i) => {
        const u = exUsers[e];
        const seq = sequences[u];
        const t = targets[e];
        const from = Math.max(0, t - d.maxLen);
        histories.push(seq.subarray(from, t));
        positives[i] = seq[t];
        users[i] = u;
        if (future > 0) futures.push(futureClicks(seq, t, future));
        if (times) {
          clickTimes.push(times[u].subarray(from, t));
          queryTimes.push(times[u][t]);
        }
      });
      return trainStep(model, loss, queue, optimizer, {
        histories, positives, users, futures: future > 0 ? futures : undefined,
        times: times ? { clickTimes, queryTimes, numBuckets: model.timeBuckets } : undefined,
      }, { ...common, auxiliaries });
    },
  };
}
