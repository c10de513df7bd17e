import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { infoNceLoss } from './infonce';
import { cosineLogits, l2Normalize } from './similarity';
import { Rng } from '@clrec/spec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('infoNceLoss', () => {
  it('matches a hand computation', () => {
    const before = tf.memory().numTensors;
    // users u1=[1,0], u2=[0,2] -> unit [1,0], [0,1]
    // keys k0=[1,0], k1=[0,3], k2=[1,1] -> unit [1,0], [0,1], [.7071,.7071]
    // temperature 0.5: logits u1 = [2, 0, 1.41421], u2 = [0, 2, 1.41421]
    // u1 positive k0: lse = log(e^2 + e^0 + e^1.41421) = log(12.502306) = 2.525913 -> 0.525913
    // u2 positive k2: lse = 2.525913 -> 2.525913 - 1.414214 = 1.111700
    // mean = (0.525913 + 1.111700) / 2 = 0.818806
    const users = tf.tensor2d([[1, 0], [0, 2]]);
    const keys = tf.tensor2d([[1, 0], [0, 3], [1, 1]]);
    const positives = tf.tensor1d([0, 2], 'int32');
    const loss = infoNceLoss({ temperature: 0.5 }).compute({ users, keys, positives });
    expect(loss.dataSync()[0]).toBeCloseTo(0.8188064, 5);
    tf.dispose([users, keys, positives, loss]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with similarity dot uses raw inner products (no normalisation)', () => {
    const before = tf.memory().numTensors;
    // same users / keys, temperature 1: logits u1 = [1, 0, 1], u2 = [0, 6, 2]
    // u1 positive k0: log(e + 1 + e) = 1.861995 -> 0.861995
    // u2 positive k2: log(1 + e^6 + e^2) = log(411.817849) = 6.020581 -> 4.020581
    // mean = 2.441288
    const users = tf.tensor2d([[1, 0], [0, 2]]);
    const keys = tf.tensor2d([[1, 0], [0, 3], [1, 1]]);
    const positives = tf.tensor1d([0, 2], 'int32');
    const loss = infoNceLoss({ temperature: 1, similarity: 'dot' }).compute({ users, keys, positives });
    expect(loss.dataSync()[0]).toBeCloseTo(2.441288, 5);
    tf.dispose([users, keys, positives, loss]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a logit mask removes a key from the denominator', () => {
    const before = tf.memory().numTensors;
    // masking k1 for u1 leaves lse = log(e^2 + e^1.41421) = log(11.502306) = 2.442547 -> 0.442547
    const users = tf.tensor2d([[1, 0]]);
    const keys = tf.tensor2d([[1, 0], [0, 3], [1, 1]]);
    const positives = tf.tensor1d([0], 'int32');
    const logitMask = tf.tensor2d([[0, -1e9, 0]]);
    const loss = infoNceLoss({ temperature: 0.5 }).compute({ users, keys, positives, logitMask });
    expect(loss.dataSync()[0]).toBeCloseTo(0.442547, 5);
    tf.dispose([users, keys, positives, logitMask, loss]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gradients agree with central finite differences', () => {
    const before = tf.memory().numTensors;
    const rng = new Rng(5);
    const u = Array.from({ length: 3 * 4 }, () => rng.normal());
    const k = Array.from({ length: 5 * 4 }, () => rng.normal());
    const loss = infoNceLoss({ temperature: 0.2 });
    const positives = tf.tensor1d([1, 0, 4], 'int32');
    const f = (uu: number[], kk: number[]): number =>
      tf.tidy(() => loss.compute({ users: tf.tensor2d(uu, [3, 4]), keys: tf.tensor2d(kk, [5, 4]), positives }).dataSync()[0]);
    const [gu, gk] = tf.tidy(() => {
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => loss.compute({ users: a as tf.Tensor2D, keys: b as tf.Tensor2D, positives }));
      return g([tf.tensor2d(u, [3, 4]), tf.tensor2d(k, [5, 4])]).map((t) => Array.from(t.dataSync()));
    });
    const h = 1e-2;
    for (let i = 0; i < u.length; i++) {
      const up = [...u]; up[i] += h;
      const um = [...u]; um[i] -= h;
      expect(gu[i]).toBeCloseTo((f(up, k) - f(um, k)) / (2 * h), 2);
    }
    for (let i = 0; i < k.length; i++) {
      const kp = [...k]; kp[i] += h;
      const km = [...k]; km[i] -= h;
      expect(gk[i]).toBeCloseTo((f(u, kp) - f(u, km)) / (2 * h), 2);
    }
    positives.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a non-positive temperature', () => {
    expect(() => infoNceLoss({ temperature: 0 })).toThrow(/temperature must be > 0/);
  });
});

describe('similarity', () => {
  it('l2Normalize gives unit rows and maps zero rows to zero', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[3, 4], [0, 0]]);
    const y = l2Normalize(x);
    // [3,4]/5 = [0.6, 0.8]
    expect(Array.from(y.dataSync())).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6), 0, 0]);
    const l = cosineLogits(tf.tensor2d([[1, 1]]), tf.tensor2d([[2, 0]]), 0.07);
    // cos = 1/sqrt(2) = 0.707107; / 0.07 = 10.10153
    expect(l.dataSync()[0]).toBeCloseTo(10.10153, 4);
    tf.dispose([x, y, l]);
    // cosineLogits' inputs above were created inline; tidy-free creation leaks them, so count exactly:
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.disposeVariables();
  });
});
