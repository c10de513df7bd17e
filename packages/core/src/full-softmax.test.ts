import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fullSoftmaxLoss } from './full-softmax';
import { infoNceLoss } from './infonce';
import { Rng } from '@clrec/spec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('fullSoftmaxLoss', () => {
  it('matches a hand computation', () => {
    const before = tf.memory().numTensors;
    // users u1=[1,0], u2=[0,2] -> unit [1,0], [0,1]
    // keys (whole catalog) k0=[1,0], k1=[0,3], k2=[1,1] -> unit [1,0], [0,1], [.707107,.707107]
    // temperature 1: logits u1 = [1, 0, .707107], u2 = [0, 1, .707107]
    // Σ exp = e + 1 + e^.707107 = 2.718282 + 1 + 2.028115 = 5.746397, lse = 1.748573 (both rows)
    // u1 positive k0: 1.748573 - 1 = 0.748573; u2 positive k2: 1.748573 - .707107 = 1.041466
    // mean = (0.748573 + 1.041466) / 2 = 0.895020
    const users = tf.tensor2d([[1, 0], [0, 2]]);
    const keys = tf.tensor2d([[1, 0], [0, 3], [1, 1]]);
    const positives = tf.tensor1d([0, 2], 'int32');
    const loss = fullSoftmaxLoss({ temperature: 1 });
    expect(loss.name).toBe('full-softmax');
    const value = loss.compute({ users, keys, positives });
    expect(value.dataSync()[0]).toBeCloseTo(0.895020, 5);
    tf.dispose([users, keys, positives, value]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('honours the logit mask', () => {
    const before = tf.memory().numTensors;
    // mask k1 for u1: Σ exp = e + e^.707107 = 4.746397, lse = 1.557386 -> CE = 0.557386
    const users = tf.tensor2d([[1, 0]]);
    const keys = tf.tensor2d([[1, 0], [0, 3], [1, 1]]);
    const positives = tf.tensor1d([0], 'int32');
    const logitMask = tf.tensor2d([[0, -1e9, 0]]);
    const value = fullSoftmaxLoss({ temperature: 1 }).compute({ users, keys, positives, logitMask });
    expect(value.dataSync()[0]).toBeCloseTo(0.557386, 5);
    tf.dispose([users, keys, positives, logitMask, value]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('equals InfoNCE over the same keys (same math, different intent)', () => {
    const before = tf.memory().numTensors;
    const rng = new Rng(3);
    const users = tf.tensor2d(Array.from({ length: 12 }, () => rng.normal()), [3, 4]);
    const keys = tf.tensor2d(Array.from({ length: 24 }, () => rng.normal()), [6, 4]);
    const positives = tf.tensor1d([5, 0, 2], 'int32');
    const a = fullSoftmaxLoss({ temperature: 0.3 }).compute({ users, keys, positives });
    const b = infoNceLoss({ temperature: 0.3 }).compute({ users, keys, positives });
    expect(a.dataSync()[0]).toBeCloseTo(b.dataSync()[0], 5);
    tf.dispose([users, keys, positives, a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options and shapes', () => {
    const before = tf.memory().numTensors;
    expect(() => fullSoftmaxLoss({ temperature: -1 })).toThrow(/temperature must be > 0/);
    const users = tf.tensor2d([[1, 0]]);
    const keys = tf.tensor2d([[1, 0], [0, 1]]);
    const positives = tf.tensor1d([0, 1], 'int32');
    expect(() => fullSoftmaxLoss().compute({ users, keys, positives })).toThrow(/positives has length 2, expected batch 1/);
    tf.dispose([users, keys, positives]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fullSoftmaxLoss with a broadcast [1, N] mask', () => {
  it('applies the same mask to every row (e.g. hiding the padding item)', () => {
    const before = tf.memory().numTensors;
    // keys k0=[1,0] (padding, masked), k1=[0,1], k2=[1,0]; users u1=[1,0], u2=[0,1]; temperature 1
    // u1: logits over k1,k2 = [0, 1] -> positive k2: log(e^0 + e^1) - 1 = log(3.718282) - 1 = 0.313262
    // u2: logits over k1,k2 = [1, 0] -> positive k1: log(e^1 + e^0) - 1 = 0.313262; mean 0.313262
    const v = tf.tidy(() => fullSoftmaxLoss({ temperature: 1 }).compute({
      users: tf.tensor2d([[1, 0], [0, 1]]),
      keys: tf.tensor2d([[1, 0], [0, 1], [1, 0]]),
      positives: tf.tensor1d([2, 1], 'int32'),
      logitMask: tf.tensor2d([[-1e9, 0, 0]]),
    }).dataSync()[0]);
    expect(v).toBeCloseTo(0.313262, 5);
    expect(tf.memory().numTensors).toBe(before);
  });
});
