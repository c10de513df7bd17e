import * as tf from '@tensorflow/tfjs';
import { Rng } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemIdEmbedding } from './item-id-embedding';
import { MeanPoolEncoder } from './mean-pool-encoder';
import { packHistories, toSequenceBatch } from './sequence-batch';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function model(mlp: boolean, positional: 'none' | 'backward' = 'none') {
  const rng = new Rng(6);
  const item = new ItemIdEmbedding({ numItems: 9, dim: 3, rng, initStd: 1 });
  const user = new MeanPoolEncoder({ itemEncoder: item, mlp, maxLen: 6, positional, positionInitStd: 0.5, rng });
  return { item, user, params: [...item.variables(), ...user.variables()] };
}

const run = (user: MeanPoolEncoder, h: number[][], maxLen: number) =>
  tf.tidy(() => user.encode(toSequenceBatch(packHistories(h, maxLen))).arraySync() as number[][]);

describe('MeanPoolEncoder', () => {
  it('is the mean of the click embeddings (hand-checked), shape [B, d], no leaks', () => {
    const m = model(false);
    const before = tf.memory().numTensors;
    const E = m.item.table.arraySync() as number[][];
    const out = run(m.user, [[1, 4, 4], [7]], 4);
    // row 0: (e1 + e4 + e4) / 3; row 1: e7
    out[0].forEach((v, j) => expect(v).toBeCloseTo((E[1][j] + 2 * E[4][j]) / 3, 5));
    out[1].forEach((v, j) => expect(v).toBeCloseTo(E[7][j], 5));
    expect(tf.memory().numTensors).toBe(before);
    m.params.forEach((p) => p.variable.dispose());
  });

  it.each([false, true])('padding never changes the output (mlp %s)', (mlp) => {
    const m = model(mlp, 'backward');
    const h = [[2, 3, 5], [8]];
    const a = run(m.user, h, 3);
    const b = run(m.user, h, 6);
    for (let r = 0; r < 2; r++) a[r].forEach((v, j) => expect(b[r][j]).toBeCloseTo(v, 5));
    const c = tf.tidy(() => {
      const host = packHistories(h, 6);
      host.items[0] = 9; // a padding slot
      return m.user.encode(toSequenceBatch(host)).arraySync() as number[][];
    });
    c[0].forEach((v, j) => expect(v).toBeCloseTo(b[0][j], 5));
    m.params.forEach((p) => p.variable.dispose());
  });

  it('MLP gradients agree with central finite differences', () => {
    const m = model(true);
    const h = [[1, 2], [3, 3, 6]];
    const w = tf.tensor2d([[0.3, -1, 0.5], [1, 0.2, -0.7]]);
    const objective = () => tf.sum(tf.mul(tf.tanh(m.user.encode(toSequenceBatch(packHistories(h, 3)))), w)) as tf.Scalar;
    const target = m.user.variables().find((v) => v.name === 'user.mean_mlp.l1.w')!.variable;
    const before = tf.memory().numTensors;
    const analytic = tf.tidy(() => tf.variableGrads(objective, [target]).grads[target.name].arraySync() as number[][]);
    expect(Math.max(...analytic.flat().map(Math.abs))).toBeGreaterThan(1e-3); // not a vacuous check
    const eps = 1e-2;
    const at = (i: number, j: number, delta: number) => tf.tidy(() => {
      const orig = target.arraySync() as number[][];
      const moved = orig.map((row) => [...row]);
      moved[i][j] += delta;
      target.assign(tf.tensor2d(moved));
      const v = objective().dataSync()[0];
      target.assign(tf.tensor2d(orig));
      return v;
    });
    for (const [i, j] of [[0, 0], [1, 2], [2, 1]]) {
      const numeric = (at(i, j, eps) - at(i, j, -eps)) / (2 * eps);
      expect(analytic[i][j]).toBeCloseTo(numeric, 2);
    }
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
    m.params.forEach((p) => p.variable.dispose());
  });
});
