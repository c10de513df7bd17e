import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { routingLogits, rowCosineLogits } from './cosine-routing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('routingLogits (KDD Eq. 7, ρ = 0.07)', () => {
  it('matches a hand computation', () => {
    const before = tf.memory().numTensors;
    // μ1 = (1,0), μ2 = (0,2), μ3 = (−1,1); c = (3,4) → ĉ = (0.6, 0.8)
    // cos = 0.6, 0.8, (−3+4)/(√2·5) = 0.141421; /0.07 → 8.571429, 11.428571, 2.020305
    // softmax → 0.0543091, 0.9456134, 0.0000776
    // second click c = (1,−1): cos = 0.707107, −0.707107, −1 → /0.07 = 10.101525, −10.101525, −14.285714
    // softmax → 0.99999999829, 1.68e−9, 2.56e−11 (polarised: routes to intention 1)
    const { logits, probs } = tf.tidy(() => {
      const mu = tf.tensor2d([[1, 0], [0, 2], [-1, 1]]);
      const c = tf.tensor3d([[[3, 4], [1, -1]]]); // [B=1, T=2, d=2]
      const l = routingLogits(mu, c);
      return { logits: l.arraySync() as number[][][], probs: tf.softmax(l).arraySync() as number[][][] };
    });
    const want = [[8.571429, 11.428571, 2.020305], [10.101525, -10.101525, -14.285714]];
    want.forEach((row, t) => row.forEach((v, h) => expect(logits[0][t][h]).toBeCloseTo(v, 4)));
    expect(probs[0][0][0]).toBeCloseTo(0.0543091, 5);
    expect(probs[0][0][1]).toBeCloseTo(0.9456134, 5);
    expect(probs[0][0][2]).toBeCloseTo(0.0000776, 6);
    expect(probs[0][1][0]).toBeCloseTo(1, 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is scale-invariant in μ and c, maps a zero category to logits 0, and checks widths and temperature', () => {
    const out = tf.tidy(() => {
      const a = routingLogits(tf.tensor2d([[1, 0], [0, 1]]), tf.tensor2d([[2, 2], [0, 0]]), 0.5).arraySync() as number[][];
      const b = routingLogits(tf.tensor2d([[5, 0], [0, 0.1]]), tf.tensor2d([[0.3, 0.3], [0, 0]]), 0.5).arraySync() as number[][];
      return { a, b };
    });
    // cos((1,0),(2,2)) = 0.707107 → /0.5 = 1.414214
    expect(out.a[0][0]).toBeCloseTo(1.414214, 5);
    expect(out.a[0][1]).toBeCloseTo(1.414214, 5);
    expect(out.a[1]).toEqual([0, 0]);
    out.a.forEach((row, i) => row.forEach((v, j) => expect(out.b[i][j]).toBeCloseTo(v, 5)));
    expect(() => tf.tidy(() => routingLogits(tf.ones([2, 3]) as tf.Tensor2D, tf.ones([1, 2])))).toThrow(/width 2, prototypes 3/);
    expect(() => tf.tidy(() => routingLogits(tf.ones([2, 2]) as tf.Tensor2D, tf.ones([1, 2]), 0))).toThrow(/temperature/);
  });
});

describe('rowCosineLogits', () => {
  it('scores each row of vectors against its own query', () => {
    // row 0: z = (1,0), (1,1) vs m = (0,2): cos 0, 0.707107 → /0.07 = 0, 10.101525
    // row 1: z = (0,1), (3,0) vs m = (1,0): cos 0, 1 → 0, 14.285714
    const s = tf.tidy(() =>
      rowCosineLogits(tf.tensor3d([[[1, 0], [1, 1]], [[0, 1], [3, 0]]]), tf.tensor2d([[0, 2], [1, 0]])).arraySync() as number[][]);
    expect(s[0][0]).toBeCloseTo(0, 5);
    expect(s[0][1]).toBeCloseTo(10.101525, 4);
    expect(s[1][0]).toBeCloseTo(0, 5);
    expect(s[1][1]).toBeCloseTo(14.285714, 4);
  });
});
