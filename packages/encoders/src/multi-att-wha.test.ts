import * as tf from '@tensorflow/tfjs';
import { Rng } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemIdEmbedding } from './item-id-embedding';
import { MultiAttWhaEncoder } from './multi-att-wha';
import { packHistories, toSequenceBatch } from './sequence-batch';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function model(positional: 'backward' | 'forward' | 'none', maxLen = 8) {
  const rng = new Rng(11);
  const item = new ItemIdEmbedding({ numItems: 20, dim: 6, rng, initStd: 0.5 });
  const user = new MultiAttWhaEncoder({ itemEncoder: item, heads: 3, hidden: 5, maxLen, positional, rng });
  return { item, user, dispose: () => [...item.variables(), ...user.variables()].forEach((v) => v.variable.dispose()) };
}

function run(user: MultiAttWhaEncoder, histories: number[][], maxLen: number): number[][] {
  return tf.tidy(() => {
    const b = toSequenceBatch(packHistories(histories, maxLen));
    return user.encode(b).arraySync() as number[][];
  });
}

describe('packHistories', () => {
  it('left-pads, truncates to the most recent maxLen clicks and numbers positions from the earliest kept', () => {
    const h = packHistories([[5, 6], [1, 2, 3, 4, 5]], 4);
    expect(Array.from(h.items)).toEqual([0, 0, 5, 6, 2, 3, 4, 5]);
    expect(Array.from(h.mask)).toEqual([0, 0, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(h.positions)).toEqual([0, 0, 0, 1, 0, 1, 2, 3]);
  });
});

describe('MultiAttWhaEncoder', () => {
  it('outputs unit vectors of shape [B, d] without leaking tensors', () => {
    const m = model('backward');
    const before = tf.memory().numTensors;
    const out = run(m.user, [[1, 2, 3], [4], [7, 8, 9, 10, 11, 12, 13, 14, 15]], 8);
    expect(out.length).toBe(3);
    for (const row of out) {
      expect(row.length).toBe(6);
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    }
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it.each(['backward', 'forward', 'none'] as const)('padding never changes the output (%s positions)', (mode) => {
    const m = model(mode, 12);
    const hist = [[3, 1, 4, 1, 5], [9, 2]];
    const short = run(m.user, hist, 5); // no padding on row 0
    const long = run(m.user, hist, 12); // 7 and 10 padding columns
    for (let r = 0; r < 2; r++) for (let j = 0; j < 6; j++) expect(long[r][j]).toBeCloseTo(short[r][j], 5);
    // changing the id stored in a padding slot must not matter either
    const out = tf.tidy(() => {
      const host = packHistories(hist, 12);
      host.items[0] = 17; // row 0, column 0 is padding (mask 0)
      return m.user.encode(toSequenceBatch(host)).arraySync() as number[][];
    });
    for (let j = 0; j < 6; j++) expect(out[0][j]).toBeCloseTo(long[0][j], 5);
    m.dispose();
  });

  it('order matters through the positional embedding and gradients reach every parameter', () => {
    const m = model('backward');
    const before = tf.memory().numTensors;
    const a = run(m.user, [[1, 2, 3]], 8)[0];
    const b = run(m.user, [[3, 2, 1]], 8)[0];
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeGreaterThan(1e-4);
    const params = [...m.item.variables(), ...m.user.variables()];
    const grads = tf.tidy(() => {
      const { grads: g } = tf.variableGrads(() => {
        const u = m.user.encode(toSequenceBatch(packHistories([[1, 2, 3], [4, 5]], 8)));
        return tf.sum(tf.mul(u, tf.tensor1d([1, -1, 0.5, 0, 2, 1]))) as tf.Scalar;
      }, params.map((p) => p.variable));
      return params.map((p) => tf.max(tf.abs(g[p.variable.name])).dataSync()[0]);
    });
    for (const g of grads) expect(g).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('with one head reduces to the l2-normalised attention-weighted mean (WHA is the identity)', () => {
    const rng = new Rng(2);
    const item = new ItemIdEmbedding({ numItems: 4, dim: 2, rng, initStd: 1 });
    const user = new MultiAttWhaEncoder({ itemEncoder: item, heads: 1, hidden: 2, maxLen: 2, positional: 'none', rng });
    // history [1]: one click, so att = [1] and z = e1 / |e1|; WHA with H=1 gives alpha = 1: f = e1/|e1|
    const e1 = (item.table.arraySync() as number[][])[1];
    const n = Math.hypot(...e1);
    const out = run(user, [[1]], 2)[0];
    expect(out[0]).toBeCloseTo(e1[0] / n, 5);
    expect(out[1]).toBeCloseTo(e1[1] / n, 5);
    [...item.variables(), ...user.variables()].forEach((v) => v.variable.dispose());
  });
});

describe('MultiAttWhaEncoder head aggregations (KDD Table 12)', () => {
  const build = (aggregation: 'wha' | 'mean' | 'mean-mlp' | 'concat-mlp') => {
    const rng = new Rng(21);
    const item = new ItemIdEmbedding({ numItems: 12, dim: 4, rng, initStd: 0.5 });
    const user = new MultiAttWhaEncoder({ itemEncoder: item, heads: 3, hidden: 5, maxLen: 8, positional: 'backward', aggregation, rng });
    return { item, user, params: [...item.variables(), ...user.variables()] };
  };

  it.each(['wha', 'mean', 'mean-mlp', 'concat-mlp'] as const)('%s: shape [B, d], padding-invariant, no leaks, own variables', (agg) => {
    const m = build(agg);
    const before = tf.memory().numTensors;
    const h = [[1, 2, 3], [7]];
    const a = run(m.user, h, 3);
    const b = run(m.user, h, 8);
    expect([b.length, b[0].length]).toEqual([2, 4]);
    for (let r = 0; r < 2; r++) a[r].forEach((v, j) => expect(b[r][j]).toBeCloseTo(v, 5));
    expect(tf.memory().numTensors).toBe(before);
    const names = m.user.variables().map((v) => v.name);
    expect(names.includes('user.wha.A')).toBe(agg === 'wha');
    expect(names.includes('user.agg_mlp.l1.w')).toBe(agg.endsWith('-mlp'));
    if (agg === 'concat-mlp') expect(m.user.variables().find((v) => v.name === 'user.agg_mlp.l1.w')!.variable.shape).toEqual([12, 4]);
    m.params.forEach((p) => p.variable.dispose());
  });

  it('mean is the average of the l2-normalised heads: one click gives e/|e| + 0 (all heads equal)', () => {
    const m = build('mean');
    // one click: every head attends to it alone, z_h = x/|x| for all h, so the mean is x/|x|
    const x = tf.tidy(() => m.user.history.embed(toSequenceBatch(packHistories([[5]], 1))).arraySync() as number[][][])[0][0];
    const n = Math.hypot(...x);
    run(m.user, [[5]], 1)[0].forEach((v, j) => expect(v).toBeCloseTo(x[j] / n, 5));
    m.params.forEach((p) => p.variable.dispose());
  });

  it('WHA gradients (matrix A) agree with central finite differences', () => {
    const m = build('wha');
    const A = m.user.variables().find((v) => v.name === 'user.wha.A')!.variable;
    const w = tf.tensor2d([[1, -0.5, 0.25, 2], [0.5, 1, -1, 0]]);
    const objective = () => tf.sum(tf.mul(m.user.encode(toSequenceBatch(packHistories([[1, 2, 3, 4], [5, 6]], 4))), w)) as tf.Scalar;
    const before = tf.memory().numTensors;
    const analytic = tf.tidy(() => tf.variableGrads(objective, [A]).grads[A.name].arraySync() as number[][]);
    const at = (i: number, j: number, delta: number) => tf.tidy(() => {
      const orig = A.arraySync() as number[][];
      const moved = orig.map((row) => [...row]);
      moved[i][j] += delta;
      A.assign(tf.tensor2d(moved));
      const v = objective().dataSync()[0];
      A.assign(tf.tensor2d(orig));
      return v;
    });
    expect(Math.max(...analytic.flat().map(Math.abs))).toBeGreaterThan(1e-3); // not a vacuous check
    const eps = 1e-2;
    for (const [i, j] of [[0, 0], [1, 3], [3, 2]]) expect(analytic[i][j]).toBeCloseTo((at(i, j, eps) - at(i, j, -eps)) / (2 * eps), 2);
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
    m.params.forEach((p) => p.variable.dispose());
  });
});
