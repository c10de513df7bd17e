import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { infoNceLoss, LazyAdam, type Loss, Rng } from '@clrec/core';
import { leaveOneOutSplit, simulate } from '@clrec/datasets';
import { InterBatchQueue } from '@clrec/queues';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluationCallback, type FitCallback, nanGuard } from './callbacks';
import { fit } from './fit';
import { buildModel, type ModelOptions } from './model';
import { evaluateFullRanking } from './evaluate';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

const { dataset } = simulate({ seed: 11, numUsers: 120, numItems: 40, numCategories: 4, meanClicks: 8 });
const split = leaveOneOutSplit(dataset);
const OPTIONS: ModelOptions = {
  numItems: dataset.numItems, dim: 8, similarity: 'cosine', item: { features: [], labelFeatures: true }, timeBuckets: 0, u2uKey: false,
  user: { kind: 'multiatt-wha', maxLen: 8, positional: 'forward', heads: 2, hidden: 8, aggregation: 'wha' },
};

/** A fresh model, queue and optimizer, and the common fit options. */
function setup(loss: Loss = infoNceLoss()) {
  const model = buildModel(OPTIONS, new Rng(1));
  const queue = new InterBatchQueue(64);
  const optimizer = new LazyAdam(model.params, { learningRate: 0.01 });
  const dispose = () => {
    queue.dispose();
    optimizer.dispose();
    model.dispose();
  };
  return { model, queue, optimizer, dispose, common: { model, loss, queue, optimizer, data: { sequences: split.train }, batchSize: 32, maxLen: 8 } };
}

describe('fit', () => {
  it('calls the callbacks in order with step and epoch events, touches no file and frees every tensor', async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'clrec-fit-'));
    process.chdir(dir);
    const s = setup();
    const before = tf.memory().numTensors;
    const seen: string[] = [];
    let stepEvents = 0;
    const recorder = (name: string): FitCallback => ({
      specificationVersion: 'v1', name,
      onTrainBegin: () => { seen.push(`${name}:begin`); },
      onStepEnd: (e) => { if (name === 'a') stepEvents++; expect(e.stepsPerEpoch).toBeGreaterThan(0); },
      onEpochEnd: (e) => { seen.push(`${name}:epoch${e.epoch}:${Object.keys(e.metrics).join(',')}`); },
      onTrainEnd: (e) => { seen.push(`${name}:end:${e.stopped}:${e.epochsRun}`); },
    });
    try {
      const evalCb = evaluationCallback({ evaluate: () => ({ score: 1 }), selectMetric: 'score' });
      const res = await fit({ ...s.common, epochs: 2, callbacks: [recorder('a'), evalCb, recorder('b')] });
      const steps = Math.ceil(res.trainedExamples / 2 / 32);
      expect(stepEvents).toBe(2 * steps);
      // a runs before the evaluation callback fills the metrics, b after it
      expect(seen).toEqual(['a:begin', 'b:begin', 'a:epoch1:', 'b:epoch1:score', 'a:epoch2:', 'b:epoch2:score', 'a:end:completed:2', 'b:end:completed:2']);
      expect(res.state.history.map((h) => h.valid)).toEqual([{ score: 1 }, { score: 1 }]);
      expect(readdirSync(dir)).toEqual([]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      process.chdir(cwd);
      s.dispose();
    }
  });

  it('learns: the test HR@10 beats a random ranking and the epoch loss falls', async () => {
    const s = setup();
    const res = await fit({ ...s.common, epochs: 4 });
    const losses = res.state.history.map((h) => h.loss);
    expect(losses[3]).toBeLessThan(losses[0]);
    const hr = (await evaluateFullRanking(s.model, split.test, { ks: [10], maxLen: 8, excludeHistory: false }))['HR@10'];
    expect(hr).toBeGreaterThan(10 / dataset.numItems); // random: 10 / 40 = 0.25
    s.dispose();
  });

  it('stops early after `patience` epochs without improvement and can restore the best weights', async () => {
    const s = setup();
    const values = [0.3, 0.5, 0.4, 0.45, 0.2, 0.9];
    let bestCopy: number[] | null = null;
    const evaluate = () => ({ v: values.shift()! });
    const snap: FitCallback = {
      specificationVersion: 'v1', name: 'snap',
      onEpochEnd: (e, ctx) => {
        if (e.epoch === 2) bestCopy = Array.from(ctx.model.params[0].variable.dataSync());
      },
    };
    const res = await fit({ ...s.common, epochs: 6, callbacks: [evaluationCallback({ evaluate, selectMetric: 'v', patience: 2, restoreBest: true }), snap] });
    // best at epoch 2 (0.5); epochs 3 and 4 do not beat it -> stop after epoch 4
    expect(res.stopped).toBe('early-stop');
    expect(res.state.epoch).toBe(4);
    expect(res.state.best).toEqual({ epoch: 2, value: 0.5 });
    expect(Array.from(s.model.params[0].variable.dataSync())).toEqual(bestCopy);
    s.dispose();
  });

  it('the NaN guard names the epoch and step; a stop request ends the fit after the current step', async () => {
    const nan: Loss = { specificationVersion: 'v1', name: 'nan', requires: {}, compute: ({ users }) => tf.mul(tf.sum(users), NaN) as tf.Scalar };
    const s = setup(nan);
    await expect(fit({ ...s.common, epochs: 1, callbacks: [nanGuard()] })).rejects.toThrow(/loss became NaN at epoch 1, step 1 \(global step 1\); no checkpoint was saved before it/);
    s.dispose();
    // a finite loss but a weight gone non-finite: caught at the weight check, before any later callback (a checkpoint) sees it
    const w = setup();
    const before = tf.memory().numTensors;
    let laterCalls = 0;
    const poison: FitCallback = {
      specificationVersion: 'v1', name: 'poison',
      onStepEnd: (e, ctx) => { if (e.step === 2) tf.tidy(() => ctx.model.params[0].variable.assign(tf.fill(ctx.model.params[0].variable.shape, Infinity))); },
    };
    const later: FitCallback = { specificationVersion: 'v1', name: 'later', onStepEnd: (e) => { if (e.step >= 2) laterCalls++; } };
    const guard = nanGuard({ checkWeightsEvery: 2, lastGood: () => 'last runs/x/checkpoints/last (global step 1)' });
    await expect(fit({ ...w.common, epochs: 1, callbacks: [poison, guard, later] }))
      .rejects.toThrow(`parameter "${w.model.params[0].name}" holds ${w.model.params[0].variable.size} non-finite values at epoch 1, step 2 (global step 2); the last good checkpoint is kept: last runs/x/checkpoints/last (global step 1)`);
    expect(laterCalls).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
    const t = setup();
    const stopAt3: FitCallback = { specificationVersion: 'v1', name: 'stop', onStepEnd: (e, ctx) => { if (e.globalStep === 3) ctx.control.stop('user'); } };
    const res = await fit({ ...t.common, epochs: 2, callbacks: [stopAt3] });
    expect(res.stopped).toBe('requested');
    expect(res.state.globalStep).toBe(3);
    expect(res.state.stepInEpoch).toBe(3);
    t.dispose();
  });

  it('a loss that requires example weights without itemWeights is an actionable error', async () => {
    const weighted: Loss = { ...infoNceLoss(), name: 'weighted', requires: { exampleWeights: true } };
    const s = setup(weighted);
    await expect(fit({ ...s.common, epochs: 1 })).rejects.toThrow(/loss weighted needs per-example weights; pass itemWeights/);
    s.dispose();
  });
});
