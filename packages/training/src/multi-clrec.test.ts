import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { Adam, infoNceLoss, Rng } from '@clrec/core';
import type { ItemFeature } from '@clrec/datasets';
import { packHistories, toSequenceBatch } from '@clrec/encoders';
import { MultiIntentEncoder, MultiIntentQueue } from '@clrec/routing';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from './checkpoint';
import { applyConfig, DEFAULT_CONFIG } from './config';
import { buildModelFromConfig, encodeUsers, type Model, rankingItemVectors } from './model';
import { MultiClrecAuxiliary } from './multi-clrec-aux';
import { intentionScores, recommendByIntentions } from './multi-clrec-serve';
import { resolveIntentCategories } from './multi-clrec-model';
import { resolveObjective } from './registry';
import { tinyRun } from './test-setup';
import { train } from './train';
import { trainStep } from './train-step';

const quiet = () => {};

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
});

const feature = (name: string, values: number[], cardinality: number): ItemFeature => ({ name, values: Int32Array.from(values), cardinality });

describe('Multi-CLRec configuration', () => {
  it('resolves intentCategory against the item features', () => {
    const genre = feature('genre', [0, 1, 2, 1], 3);
    const year = feature('year', [0, 1, 1, 2], 3);
    const cat = feature('category', [0, 2, 2, 1], 3);
    expect(resolveIntentCategories('auto', [year, genre], 3)).toMatchObject({ kind: 'table', name: 'genre' });
    expect(resolveIntentCategories('auto', [year, cat], 3)).toMatchObject({ kind: 'table', name: 'category' });
    expect(resolveIntentCategories('auto', [year], 3)).toMatchObject({ kind: 'table', name: 'year' });
    expect(resolveIntentCategories('auto', [], 3)).toEqual({ kind: 'item' });
    expect(resolveIntentCategories('item', [genre], 3)).toEqual({ kind: 'item' });
    expect(resolveIntentCategories('year', [genre, year], 3)).toMatchObject({ kind: 'table', name: 'year', cardinality: 3 });
    expect(resolveIntentCategories('hash:4', [], 3)).toMatchObject({ kind: 'table', name: 'hash:4', cardinality: 5 });
    expect(() => resolveIntentCategories('brand', [genre], 3)).toThrow(/no item feature "brand"; valid: auto, item, hash:N, genre/);
    expect(() => resolveIntentCategories('genre', [genre], 5)).toThrow(/4 values, expected 6/);
  });

  it('picks the multi-intent queue for multi-clrec, splits queueSize between main and secondary queues, and validates', async () => {
    const c = applyConfig(DEFAULT_CONFIG, { userEncoder: 'multi-clrec', batchSize: 64, queueSize: 256 }, 'test');
    expect(resolveObjective(c).queue).toBe('multi-intent');
    expect(resolveObjective({ ...c, queue: 'inter' }).queue).toBe('inter'); // Multi-CLRec encoder, single queue (ablation)
    expect(() => applyConfig(DEFAULT_CONFIG, { userEncoder: 'multi-clrec', batchSize: 200, queueSize: 256 }, 'flags'))
      .toThrow(/multi-intent main queue \(queueSize 256 - intentQueueSize 128 = 128\) must hold a batch \(200\)/);
    expect(applyConfig(DEFAULT_CONFIG, { u2u: 'true' }, 'flags').u2u).toBe(1);
    expect(applyConfig(DEFAULT_CONFIG, { u2u: '0.5' }, 'flags').u2u).toBe(0.5);
    expect(() => applyConfig(DEFAULT_CONFIG, { u2u: -1 }, 'flags')).toThrow(/"u2u" must be a number >= 0/);
    const rng = new Rng(1);
    const model = buildModelFromConfig({ ...c, dim: 8, hidden: 8, intentions: 4, timeBuckets: 'none' }, 20, rng, { itemFeatures: [] });
    expect(model.user).toBeInstanceOf(MultiIntentEncoder);
    expect(model.params.some((p) => p.name === 'user.intent.prototypes')).toBe(true);
    const before = tf.memory().numTensors;
    model.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
    await expect(train({ config: { ...tinyRun().config, queue: 'multi-intent' }, backend: 'wasm', log: quiet })).rejects.toThrow(/use --user-encoder multi-clrec/);
  });
});

describe('Multi-CLRec serving with K intentions', () => {
  it('scores items by the weighted mixture of the top-K intention vectors; K = 1 is f(x)', () => {
    const c = applyConfig(DEFAULT_CONFIG, { userEncoder: 'multi-clrec', dim: 8, hidden: 8, intentions: 4, timeBuckets: 'none', intentCategory: 'hash:3' }, 'test');
    const model = buildModelFromConfig(c, 30, new Rng(5), { itemFeatures: [] });
    const queries = [{ history: Int32Array.from([1, 5, 9]) }, { history: Int32Array.from([2, 2, 7, 11]) }];
    const user = model.user as MultiIntentEncoder;
    const before = tf.memory().numTensors;
    const { one, all, plain, vectors, weights, items } = tf.tidy(() => {
      const batch = toSequenceBatch(packHistories(queries.map((q) => q.history), 10));
      const top = user.topIntentions(batch, 4);
      const itemVecs = rankingItemVectors(model, tf.range(0, 31, 1, 'int32') as tf.Tensor1D);
      return {
        one: intentionScores(model, queries, 10, 1).arraySync(),
        all: intentionScores(model, queries, 10, 4).arraySync(),
        plain: tf.matMul(encodeUsers(model, queries, 10), itemVecs, false, true).arraySync() as number[][],
        vectors: top.vectors.arraySync(), weights: top.weights.arraySync(), items: itemVecs.arraySync() as number[][],
      };
    });
    const tau = user.temperature; // 0.07
    for (let r = 0; r < 2; r++) {
      const wSum = weights[r].reduce((a, b) => a + b, 0);
      for (let i = 0; i < 31; i++) {
        expect(one[r][i]).toBeCloseTo(plain[r][i], 5); // f(x) is unit-norm, so its dot product is the cosine
        // τ · log Σ_h (w_h / Σw) · exp(cos(z_h, g_i) / τ), computed here in float64
        let mix = 0;
        for (let h = 0; h < 4; h++) {
          const cos = vectors[r][h].reduce((acc, v, j) => acc + v * items[i][j], 0);
          mix += (weights[r][h] / wSum) * Math.exp(cos / tau);
        }
        expect(all[r][i]).toBeCloseTo(tau * Math.log(mix), 4);
      }
    }
    const lists = recommendByIntentions(model, queries, { k: 5, intentions: 2, maxLen: 10, excludeHistory: true });
    expect(lists.map((l) => l.length)).toEqual([5, 5]);
    lists.forEach((l, r) => l.forEach((id) => expect(queries[r].history.includes(id) || id === 0).toBe(false)));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe("Multi-CLRec served as K nearest-neighbour searches merged (merge 'nearest-neighbours')", () => {
  // intentions A = (1,0), B = (0.8,0.6) with selector weights 0.3, 0.1 (ŵ = 0.75, 0.25)
  // items: 1 (1,0), 2 (0.8,0.6), 3 (0.6,0.8), 4 (0.95,0.3122), 5 (0.9,0.4359), 6 (0,1), 7 (−1,0), 8 (0.5,−0.866)
  const TABLE = [[0, 0], [1, 0], [0.8, 0.6], [0.6, 0.8], [0.95, 0.3122], [0.9, 0.4359], [0, 1], [-1, 0], [0.5, -0.866]];
  const handModel = (table: tf.Tensor2D): Model => {
    const user = Object.create(MultiIntentEncoder.prototype) as MultiIntentEncoder;
    Object.defineProperty(user, 'topIntentions', {
      value: (b: { items: tf.Tensor2D }) => {
        const B = b.items.shape[0];
        return {
          vectors: tf.tensor3d(Array.from({ length: B }, () => [[1, 0], [0.8, 0.6]])),
          weights: tf.tensor2d(Array.from({ length: B }, () => [0.3, 0.1])),
          indices: tf.tensor2d(Array.from({ length: B }, () => [0, 1]), undefined, 'int32'),
        };
      },
    });
    Object.defineProperty(user, 'temperature', { value: 0.07 });
    return { item: { numItems: 8, encode: (ids: tf.Tensor) => tf.gather(table, ids) }, user, similarity: 'cosine', timeBuckets: 0 } as unknown as Model;
  };

  it('gives 3 items of the 0.75 intention and 1 of the 0.25 one, interleaved, no duplicates, history excluded (hand computation)', () => {
    const table = tf.tensor2d(TABLE);
    const model = handModel(table);
    const before = tf.memory().numTensors;
    // history = [2]: B's nearest item (cos 1) is left out
    // A by cosine: 1 (1), 4 (.95), 5 (.9), 3 (.6), …;  B: 5 (.9815), 3 (.96), 4 (.9473), 1 (.8), …
    // slots 4·0.75 = 3, 4·0.25 = 1; round 1: A → 1, B → 5; round 2: A → 4; round 3: A's 5 is taken → 3
    const queries = [{ history: Int32Array.from([2]) }, { history: Int32Array.from([1, 5]) }];
    const lists = recommendByIntentions(model, queries, { k: 4, intentions: 2, maxLen: 10, excludeHistory: true, merge: 'nearest-neighbours' });
    expect(Array.from(lists[0])).toEqual([1, 5, 4, 3]);
    // history [1, 5]: A → 4 (.95), 2 (.8), 3 (.6), 8 (.5); B → 2 (1), 3, 4; round 1: A → 4, B → 2; round 2: A's 2 is taken → 3; round 3: A → 8
    expect(Array.from(lists[1])).toEqual([4, 2, 3, 8]);
    // without exclusion the history items come back: A → 1, B → 2, A → 4, A → 5
    expect(Array.from(recommendByIntentions(model, queries.slice(0, 1), { k: 4, intentions: 2, maxLen: 10, merge: 'nearest-neighbours' })[0])).toEqual([1, 2, 4, 5]);
    // the default is still the mixture: τ log(0.75 e^{cos_A/τ} + 0.25 e^{cos_B/τ}) ranks 1 (1, .8), 4 (.95, .9473), 5 (.9, .9815), 3
    expect(Array.from(recommendByIntentions(model, queries.slice(0, 1), { k: 4, intentions: 2, maxLen: 10, excludeHistory: true })[0])).toEqual([1, 4, 5, 3]);
    expect(tf.memory().numTensors).toBe(before);
    table.dispose();
  });
});

describe('Multi-CLRec training', () => {
  it('does not grow tf.memory().numTensors over steps with the auxiliary losses and the 1 + H queues', () => {
    const { config } = tinyRun({ userEncoder: 'multi-clrec', intentions: 3, timeBuckets: 'none', intentCategory: 'hash:4' });
    const rng = new Rng(1);
    const model = buildModelFromConfig(config, 50, rng, { itemFeatures: [] });
    const adam = new Adam(model.params);
    const queue = new MultiIntentQueue({ mainCapacity: 32, secondaryCapacity: 16, router: model.user as MultiIntentEncoder });
    const aux = new MultiClrecAuxiliary(model.user as MultiIntentEncoder, model.item, 1);
    const ctx = { itemEncoder: model.item, rng };
    const batch = () => ({
      histories: Array.from({ length: 16 }, () => Int32Array.from({ length: 1 + rng.int(9) }, () => 1 + rng.int(50))),
      positives: Int32Array.from({ length: 16 }, () => 1 + rng.int(50)),
    });
    const step = () => trainStep(model, infoNceLoss(), queue, adam, batch(), { maxLen: 10, ctx, auxiliaries: [aux] });
    step();
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expect(Number.isFinite(step())).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(queue.size).toBeGreaterThan(32); // the main queue is full and items moved on to secondary queues
    const means = aux.takeMeans();
    expect(means.steps).toBe(7);
    for (const v of [means.aux1, means.aux2, means.aux3]) expect(v).toBeGreaterThanOrEqual(0);
    aux.dispose();
    adam.dispose();
    model.dispose();
  });

  it('trains end to end and resumes exactly, secondary queues included', async () => {
    const over = { userEncoder: 'multi-clrec', intentions: 3, epochs: 1, intentCategory: 'hash:4', queueSize: 64 } as const;
    const full = await train({ config: tinyRun(over).config, backend: 'wasm', log: quiet });
    expect(full!.metrics.test['HR@20']).toBeGreaterThan(0);
    expect(full!.config.queue).toBe('multi-intent');
    const { config } = tinyRun({ ...over, checkpointEvery: 3 });
    expect(await train({ config, backend: 'wasm', log: quiet, stopAfterSteps: 6 })).toBeNull(); // the queues are full by then
    const ck = loadCheckpoint(join(config.out, 'checkpoints', 'last'));
    expect(ck.manifest.state.stepInEpoch).toBe(6);
    expect(ck.manifest.state.queue.name).toBe('multi-intent');
    expect(ck.manifest.state.queue.groups).toHaveLength(3);
    expect(ck.manifest.state.queue.groups!.flat().length).toBeGreaterThan(0);
    const resumed = await train({ config, resume: ck, backend: 'wasm', log: quiet });
    expect(resumed!.metrics).toEqual(full!.metrics);
  });
});
