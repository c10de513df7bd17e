import { Rng } from '@clrec/core';
import { leaveOneOutSplit, simulate } from '@clrec/datasets';
import { debiasReport, type DegreeBucket, degreeBucketCounts } from '@clrec/metrics';
import {
  buildModel, DEFAULT_CONFIG, evaluateProtocols, fit, type FitCallback, LOSSES, type ModelOptions, OPTIMIZERS, QUEUES, type TrainConfig,
} from '@clrec/training';

/** What the page trains: the simulator's size and the training schedule. */
export interface TrainSettings {
  users: number;
  items: number;
  epochs: number;
  batchSize: number;
  /** Embedding width d. */
  dim: number;
  /** Longest history fed to the encoder. */
  maxLen: number;
  /** CLRec's FIFO queue length, and the number of sampled negatives of sampled softmax. */
  negatives: number;
  learningRate: number;
  seed: number;
}

/** Defaults of {@link TrainSettings}: 500 users, 300 items, 3 epochs of batch 128, d 32. */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  users: 500, items: 300, epochs: 3, batchSize: 128, dim: 32, maxLen: 20, negatives: 512, learningRate: 0.003, seed: 7,
};

/** The debiasing picture of one model's test top-10 lists. */
export interface DebiasSummary {
  /** HR@10 over the test users (full ranking, history excluded). */
  hr10: number;
  /** Distinct items over all users' top-10 lists. */
  aggregateDiversity: number;
  /** `aggregateDiversity / items`. */
  coverage: number;
  /** Mean share of each user's 10 truly preferred items (simulator ground truth) in their top 10. */
  preferenceRecall: number | null;
  /** Impressions (top-10 list entries) per training-click degree bucket. */
  buckets: DegreeBucket[];
}

/** Live state of one objective's training, updated after every step. */
export interface RunState {
  name: string;
  objective: string;
  losses: number[];
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  examplesPerSecond: number;
  /** After each epoch: its summary (the last one is the final result). */
  evals: ({ epoch: number } & DebiasSummary)[];
}

/** The two objectives trained side by side: CLRec and sampled softmax. */
const OBJECTIVES = [
  { name: 'CLRec', objective: 'InfoNCE + inter-batch FIFO queue', loss: 'infonce', queue: 'inter' },
  { name: 'Sampled softmax', objective: 'logQ-corrected sampled softmax, popularity proposal', loss: 'sampled-softmax', queue: 'sampled' },
] as const;

/** Hooks of {@link trainSideBySide}. */
export interface TrainHooks {
  /** Called after every step and evaluation (throttle rendering yourself). */
  onUpdate(runs: RunState[], data: DataSummary): void;
  /** Awaited after every step of either model: yield to the UI here. */
  pause(): Promise<void>;
  /** Polled after every step: true stops both models after their current step. */
  stopRequested(): boolean;
}

/** The simulated data trained on. */
export interface DataSummary {
  users: number;
  items: number;
  clicks: number;
  trainExamples: number;
  testUsers: number;
  /** The training clicks per degree bucket (the data's own popularity distribution). */
  dataBuckets: DegreeBucket[];
}

/**
 * Simulates the data, then trains CLRec and sampled softmax on the same encoder (same options, same
 * initial weights) with `fit`, the two interleaved step by step (each step awaits `hooks.pause()`,
 * which lets the other model and the UI run), evaluating both after every epoch: HR@10 and the
 * debiasing picture of their top-10 lists.
 */
export async function trainSideBySide(s: TrainSettings, hooks: TrainHooks): Promise<{ runs: RunState[]; data: DataSummary }> {
  const { dataset, truth } = simulate({ seed: s.seed, numUsers: s.users, numItems: s.items, numCategories: Math.max(2, Math.min(20, Math.round(s.items / 15))), meanClicks: 15 });
  const split = leaveOneOutSplit(dataset);
  const itemCounts = new Float64Array(dataset.numItems + 1);
  let clicks = 0;
  for (const seq of split.train) for (const id of seq) itemCounts[id]++;
  for (const seq of dataset.sequences) clicks += seq.length;
  const test = split.test;
  const data: DataSummary = {
    users: dataset.numUsers, items: dataset.numItems, clicks, trainExamples: split.train.reduce((a, q) => a + Math.max(0, q.length - 1), 0),
    testUsers: test.length, dataBuckets: degreeBucketCounts(itemCounts),
  };
  const options: ModelOptions = {
    numItems: dataset.numItems, dim: s.dim, similarity: 'cosine', item: { features: dataset.itemFeatures, labelFeatures: true }, timeBuckets: 0, u2uKey: false,
    user: { kind: 'multiatt-wha', maxLen: s.maxLen, positional: 'forward', heads: 4, hidden: s.dim, aggregation: 'wha' },
  };
  const runs: RunState[] = OBJECTIVES.map((o) => ({ name: o.name, objective: o.objective, losses: [], epoch: 0, step: 0, stepsPerEpoch: 0, examplesPerSecond: 0, evals: [] }));
  const summarize = async (i: number, model: ReturnType<typeof buildModel>, epoch: number) => {
    const res = await evaluateProtocols(model, test, { ks: [10], maxLen: s.maxLen, excludeHistory: true, topK: 10 });
    const report = debiasReport({ topK: res.topK, ks: [10], targets: test.map((e) => e.target), itemCounts, trueTopK: (row, k) => truth.trueTopK(test[row].user, k) });
    const at = report.atK[0];
    runs[i].evals.push({ epoch, hr10: res.full['HR@10'], aggregateDiversity: at.aggregateDiversity, coverage: at.coverage, preferenceRecall: at.preferenceRecall, buckets: at.degreeBuckets });
    hooks.onUpdate(runs, data);
  };
  const one = async (i: number) => {
    const o = OBJECTIVES[i];
    const config: TrainConfig = { ...DEFAULT_CONFIG, loss: o.loss, queue: o.queue, proposal: 'popularity', queueSize: s.negatives, negatives: s.negatives, batchSize: s.batchSize, learningRate: s.learningRate, maxLen: s.maxLen, dim: s.dim, seed: s.seed };
    const model = buildModel(options, new Rng(s.seed)); // same initial weights for both
    const loss = LOSSES.get(o.loss).create(config);
    const queue = QUEUES.get(o.queue).create({ config, model, itemCounts });
    const optimizer = OPTIMIZERS.get('adam').create(model.params, config);
    const live: FitCallback = {
      specificationVersion: 'v1', name: 'page',
      onStepEnd: async (e, ctx) => {
        const r = runs[i];
        r.losses.push(e.loss);
        r.epoch = e.epoch;
        r.step = e.step;
        r.stepsPerEpoch = e.stepsPerEpoch;
        r.examplesPerSecond = e.seconds > 0 ? e.examples / e.seconds : 0;
        hooks.onUpdate(runs, data);
        if (hooks.stopRequested()) ctx.control.stop('requested');
        await hooks.pause();
      },
      onEpochEnd: async (e) => summarize(i, model, e.epoch),
    };
    try {
      await fit({ model, loss, queue, optimizer, data: { sequences: split.train }, epochs: s.epochs, batchSize: s.batchSize, maxLen: s.maxLen, seed: s.seed, positions: 'last', callbacks: [live] });
      if (runs[i].evals.length === 0 || runs[i].evals[runs[i].evals.length - 1].epoch !== runs[i].epoch) await summarize(i, model, runs[i].epoch);
    } finally {
      queue.dispose();
      optimizer.dispose();
      model.dispose();
    }
  };
  await Promise.all(OBJECTIVES.map((_, i) => one(i)));
  return { runs, data };
}
