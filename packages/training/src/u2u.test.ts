import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { Adam, infoNceLoss, Rng, type SequenceBatch, type UserEncoder } from '@clrec/core';
import type { EvalExample } from '@clrec/datasets';
import { InterBatchQueue } from '@clrec/queues';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { applyConfig, DEFAULT_CONFIG } from './config';
import { loadModel } from './load-model';
import { buildAuxiliaries } from './multi-clrec-aux';
import { buildModelFromConfig, encodeUsers, type Model } from './model';
import { trainStep } from './train-step';
import { tinyRun } from './test-setup';
import { train } from './train';
import { futureClicks, U2uAuxiliary } from './u2u-aux';
import { heldOutFutures, nextClicksMetrics } from './u2u-metrics';

const quiet = () => {};

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
});

// item vectors: 1 = (1,0), 2 = (0,1), 3 = (2,−1), 4 = (−1,0)
const TABLE = [[0, 0], [1, 0], [0, 1], [2, -1], [-1, 0]];

/** Key encoder: the sum of the table rows of the (unpadded) clicks. */
function sumEncoder(table: tf.Tensor2D): UserEncoder {
  return {
    specificationVersion: 'v1',
    dim: 2,
    encode: (b: SequenceBatch) => tf.tidy(() => tf.sum(tf.mul(tf.gather(table, b.items), tf.expandDims(b.mask, 2)), 1) as tf.Tensor2D),
    variables: () => [],
  };
}

describe('U2uAuxiliary', () => {
  it('is weight x InfoNCE against [this batch\'s keys; cached keys], masking the row\'s own user (hand computation)', () => {
    const table = tf.tensor2d(TABLE);
    const aux = new U2uAuxiliary(sumEncoder(table), { weight: 2, temperature: 1, capacity: 4, futureLength: 10 });
    const step = (users: number[][], owners: number[], futures: number[][]) => {
      const v = tf.tidy(() => aux.loss(tf.tensor2d(users), {
        histories: [], positives: new Int32Array(owners.length), users: Int32Array.from(owners), futures: futures.map((f) => Int32Array.from(f)),
      }).dataSync()[0]);
      aux.commit();
      return v;
    };
    const before = tf.memory().numTensors;
    // step 1: keys k0 = t1 + t2 = (1,1), k1 = t3 = (2,−1); users u0 = (1,0.5), u1 = (0,1)
    // row 0: cos 0.948683, 0.6 → log(e^0.948683 + e^0.6) − 0.948683 = 0.533927
    // row 1: cos 0.707107, −0.447214 → log(e^0.707107 + e^−0.447214) + 0.447214 = 1.428364; mean 0.981145, × 2
    expect(step([[1, 0.5], [0, 1]], [5, 7], [[1, 2], [3]])).toBeCloseTo(1.962291, 4);
    expect(aux.size).toBe(2);
    // step 2: fresh (−1,0), (1,0); cached (1,1) of user 5, (2,−1) of user 7
    // row 0 (user 7, u = (0,1)): cos 0, 0, 0.707107, [masked: own user] → log(2 + e^0.707107) = 1.393299
    // row 1 (user 9, u = (1,0), positive (1,0)): cos −1, 1, 0.707107, 0.894427 → log(e^−1 + e + e^0.707107 + e^0.894427) − 1 = 1.022899
    // mean 1.208099, × 2
    expect(step([[0, 1], [1, 0]], [7, 9], [[4], [1]])).toBeCloseTo(2 * 1.208099, 4);
    // step 3: one user twice in the batch; capacity 4 keeps the 2 newest cached keys: (−1,0) of 7, (1,0) of 9
    // row 0 (u = (1,0)): keys t1 (pos), t2 [masked: same user], cached −1, 1 → log(2e + e^−1) − 1 = 0.758624
    // row 1 (u = (0,1)): keys t1 [masked], t2 (pos), cached 0, 0 → log(e + 2) − 1 = 0.551445
    expect(step([[1, 0], [0, 1]], [3, 3], [[1], [2]])).toBeCloseTo(2 * 0.655034, 4);
    expect(tf.memory().numTensors).toBe(before);
    aux.dispose();
    table.dispose();
  });

  it('needs futures and users in the batch, and a batch that fits its queue', () => {
    const table = tf.tensor2d(TABLE);
    const aux = new U2uAuxiliary(sumEncoder(table), { weight: 1, temperature: 1, capacity: 1, futureLength: 3 });
    const u = tf.tensor2d([[1, 0], [0, 1]]);
    expect(() => aux.loss(u, { histories: [], positives: new Int32Array(2) })).toThrow(/no futures \/ users/);
    expect(() => aux.loss(u, { histories: [], positives: new Int32Array(2), users: Int32Array.from([1, 2]), futures: [Int32Array.of(1), Int32Array.of(2)] }))
      .toThrow(/batch size 2 exceeds the u2u queue capacity 1/);
    expect(() => new U2uAuxiliary(sumEncoder(table), { weight: 0, temperature: 1, capacity: 4, futureLength: 3 })).toThrow(/weight must be > 0/);
    tf.dispose([u, table]);
  });

  it('futureClicks takes the clicks from the target on, at most L', () => {
    const seq = Int32Array.from([5, 6, 7, 8, 9]);
    expect(Array.from(futureClicks(seq, 1, 3))).toEqual([6, 7, 8]);
    expect(Array.from(futureClicks(seq, 3, 10))).toEqual([8, 9]);
  });
});

describe('nextClicksMetrics (HR1@K, Recall<n>@K)', () => {
  it('matches a hand computation', () => {
    // items 1 (1,0), 2 (0,1), 3 (0.7071,0.7071), 4 (−1,0); the user vector is a fixed row per last history item
    const items = tf.tensor2d([[0, 0], [1, 0], [0, 1], [0.7071, 0.7071], [-1, 0]]);
    const users = tf.tensor2d([[0, 0], [1, 0.2], [0, 1], [0, 0], [0, 0]]);
    const model = {
      item: { numItems: 4, encode: (ids: tf.Tensor) => tf.gather(items, ids) },
      user: { encode: (b: SequenceBatch) => tf.tidy(() => tf.sum(tf.mul(tf.gather(users, b.items), tf.expandDims(b.mask, -1)), 1)) },
      similarity: 'cosine', timeBuckets: 0,
    } as unknown as Model;
    const ex = (h: number[], target: number): EvalExample => ({ user: 0, history: Int32Array.from(h), historyTimes: null, target, time: null });
    // A: u = (1,0.2): cos 1: 0.981, 2: 0.196, 3: 0.832, 4: −0.981 → top 2 = {1, 3}; next 2 = [3, 2]: HR1 hit, recall 1/2
    // B: u = (0,1): cos 1: 0, 2: 1, 3: 0.707, 4: 0 → top 2 = {2, 3}; next 2 = [4, 4] → {4}: HR1 miss, recall 0
    const before = tf.memory().numTensors;
    const r = nextClicksMetrics(model, [ex([1], 3), ex([2], 4)], [[3, 2, 1], [4, 4, 2]], { maxLen: 5, k: 2, next: 2 });
    expect(r.metrics['HR1@2']).toBeCloseTo(0.5, 6);
    expect(r.metrics['Recall2@2']).toBeCloseTo(0.25, 6);
    expect(r.users).toBe(2);
    expect(r.meanFutureClicks).toBeCloseTo(1.5, 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => nextClicksMetrics(model, [ex([1], 3)], [], { maxLen: 5 })).toThrow(/1 examples but 0 futures/);
    tf.dispose([items, users]);
  });

  it('heldOutFutures reads the clicks after each history from the full sequences', () => {
    const seqs = [Int32Array.from([1, 2, 3, 4, 5, 6, 7])];
    const e: EvalExample = { user: 0, history: seqs[0].subarray(0, 2), historyTimes: null, target: 3, time: null };
    expect(Array.from(heldOutFutures(seqs, [e], 5)[0])).toEqual([3, 4, 5, 6, 7]);
  });
});

describe('u2u co-training', () => {
  it('trains end to end, checkpoints the key encoder and reports HR1@50 / Recall5@50', async () => {
    const { config } = tinyRun({ epochs: 1, u2u: 0.5, u2uLength: 4 });
    const lines: string[] = [];
    const res = await train({ config, backend: 'wasm', log: (l) => lines.push(l) });
    expect(res!.metrics.test['HR1@50']).toBeGreaterThan(50 / 150); // better than a random ranking of 150 items
    expect(res!.metrics.test['Recall5@50']).toBe(res!.metrics.test['HR1@50']); // leave-one-out holds out one click
    expect(res!.metrics.test['HR1@50']).toBeCloseTo(res!.metrics.test['HR@50'] ?? res!.metrics.test['HR1@50'], 6);
    expect(lines.some((l) => /^u2u: weight 0.5, key = next <= 4 clicks/.test(l))).toBe(true);
    const ck = loadCheckpoint(`${config.out}/checkpoints/best`);
    expect(ck.manifest.params.some((p) => p.name.startsWith('u2u_key.'))).toBe(true);
  });
});

describe("u2u with the key encoder shared with the query encoder (u2uKeyEncoder 'shared')", () => {
  const recipe = (u2u: number) => tinyRun({ u2u, u2uLength: 4, u2uKeyEncoder: 'shared', queueSize: 32, batchSize: 8 }).config;
  const batch = () => {
    const rng = new Rng(7);
    const histories = Array.from({ length: 8 }, () => Int32Array.from({ length: 1 + rng.int(6) }, () => 1 + rng.int(40)));
    const futures = Array.from({ length: 8 }, () => Int32Array.from({ length: 1 + rng.int(4) }, () => 1 + rng.int(40)));
    return { histories, positives: Int32Array.from(futures, (f) => f[0]), users: Int32Array.from({ length: 8 }, (_, i) => i), futures };
  };
  /** One step of a fresh model (seed 11) with u2u weight `u2u`: its loss, its user-encoder weights after the step, the model. */
  const oneStep = (u2u: number) => {
    const config = recipe(u2u);
    const model = buildModelFromConfig(config, 40, new Rng(11));
    const aux = buildAuxiliaries(config, model, [], quiet);
    const adam = new Adam(model.params);
    const loss = trainStep(model, infoNceLoss(), new InterBatchQueue(32), adam, batch(), { maxLen: 10, ctx: { itemEncoder: model.item, rng: new Rng(1) }, auxiliaries: aux.list });
    const user = model.user.variables().map((p) => Array.from(p.variable.dataSync()));
    aux.dispose();
    adam.dispose();
    return { loss, user, model, config };
  };

  it('builds no key tower, validates the choice, and the u2u keys train f', () => {
    const c = applyConfig(DEFAULT_CONFIG, { u2u: 1, u2uKeyEncoder: 'shared' }, 'test');
    expect(c.u2uKeyEncoder).toBe('shared');
    expect(DEFAULT_CONFIG.u2uKeyEncoder).toBe('separate');
    expect(() => applyConfig(DEFAULT_CONFIG, { u2uKeyEncoder: 'momentum' }, 'test')).toThrow(/"u2uKeyEncoder" is "momentum"; valid values: separate, shared/);
    const separate = buildModelFromConfig(tinyRun({ u2u: 1 }).config, 40, new Rng(11));
    expect(separate.params.some((p) => p.name.startsWith('u2u_key.'))).toBe(true);
    separate.dispose();

    const before = tf.memory().numTensors;
    const off = oneStep(0);
    const on = oneStep(1);
    expect(on.model.u2uKey).toBeNull();
    expect(on.model.options.u2uKey).toBe(false);
    expect(on.model.params.some((p) => p.name.startsWith('u2u_key.'))).toBe(false);
    expect(on.model.params.map((p) => p.name)).toEqual(off.model.params.map((p) => p.name)); // same parameters as without u2u
    expect(Number.isFinite(on.loss)).toBe(true);
    expect(on.loss).toBeGreaterThan(off.loss); // u2i + u2u vs u2i alone, same seed and batch
    expect(on.user).not.toEqual(off.user); // the u2u term moved f

    // the key side alone: with the query vectors held constant, the u2u loss still has a gradient on f's weights (f(next clicks))
    const config = recipe(1);
    const aux = buildAuxiliaries(config, on.model, [], quiet);
    const b = batch();
    const norms = tf.tidy(() => {
      const users = tf.randomNormal([8, config.dim], 0, 1, 'float32', 3) as tf.Tensor2D;
      const { grads } = tf.variableGrads(() => aux.list[0].loss(users, b), on.model.user.variables().map((p) => p.variable));
      return Object.values(grads).map((g) => tf.norm(g).dataSync()[0]);
    });
    expect(norms.length).toBeGreaterThan(0);
    expect(norms.some((n) => n > 0)).toBe(true);
    aux.dispose();
    off.model.dispose();
    on.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('checkpoints and reloads a shared-key model', async () => {
    const { model, config } = oneStep(1);
    const queries = [{ history: Int32Array.from([1, 2, 3]) }, { history: Int32Array.from([7]) }];
    const want = tf.tidy(() => encodeUsers(model, queries, 10).arraySync());
    const dir = `${config.out}/ck`;
    await saveCheckpoint(dir, {
      config, model: model.options, dataset: { name: 'tiny', numUsers: 8, numItems: 40, interactions: 0 },
      state: {} as Parameters<typeof saveCheckpoint>[1]['state'],
    }, model.params, null);
    model.dispose();
    const before = tf.memory().numTensors;
    const { model: loaded, checkpoint } = loadModel(dir);
    expect(checkpoint.manifest.model?.u2uKey).toBe(false);
    expect(checkpoint.manifest.params.some((p) => p.name.startsWith('u2u_key.'))).toBe(false);
    expect(loaded.u2uKey).toBeNull();
    expect(tf.tidy(() => encodeUsers(loaded, queries, 10).arraySync())).toEqual(want);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
