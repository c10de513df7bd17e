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
