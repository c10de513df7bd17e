import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ipwLoss } from './ipw-loss';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ipwLoss', () => {
  // users unit [1,0], [0,1]; keys unit [1,0], [0,1], [.707107,.707107]; positives [0, 2]; temperature 1
  // full CE = [0.748573, 1.041466] (see full-softmax.test.ts)
  // logQ = log[.5,.25,.25]: sampled CE = [1.171851, 0.950435] (see sampled-softmax.test.ts)
  const setup = () => ({
    users: tf.tensor2d([[1, 0], [0, 2]]),
    keys: tf.tensor2d([[1, 0], [0, 3], [1, 1]]),
    positives: tf.tensor1d([0, 2], 'int32'),
    logQ: tf.tensor1d([Math.log(0.5), Math.log(0.25), Math.log(0.25)]),
  });

  it('self-normalises the weights and matches a hand computation', () => {
    const before = tf.memory().numTensors;
    // w = [1, 3], mean 2 -> w̃ = [0.5, 1.5]; loss = (0.5·0.748573 + 1.5·1.041466) / 2 = 0.968243
    // w = [2, 6] gives the same w̃ and so the same loss (scale invariance)
    const { users, keys, positives, logQ } = setup();
    const loss = ipwLoss({ temperature: 1 });
    expect(loss.name).toBe('ipw');
    const w1 = tf.tensor1d([1, 3]);
    const w2 = tf.tensor1d([2, 6]);
    const a = loss.compute({ users, keys, positives, exampleWeights: w1 });
    const b = loss.compute({ users, keys, positives, exampleWeights: w2 });
    expect(a.dataSync()[0]).toBeCloseTo(0.968243, 5);
    expect(b.dataSync()[0]).toBeCloseTo(0.968243, 5);
    tf.dispose([users, keys, positives, logQ, w1, w2, a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with base sampled weights the logQ-corrected CE', () => {
    const before = tf.memory().numTensors;
    // (0.5·1.171851 + 1.5·0.950435) / 2 = 1.005789
    const input = setup();
    const w = tf.tensor1d([1, 3]);
    const value = ipwLoss({ temperature: 1, base: 'sampled' }).compute({ ...input, exampleWeights: w });
    expect(value.dataSync()[0]).toBeCloseTo(1.005789, 5);
    tf.dispose([...Object.values(input), w, value]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('requires exampleWeights (and logQ for base sampled)', () => {
    const before = tf.memory().numTensors;
    const { users, keys, positives, logQ } = setup();
    const w = tf.tensor1d([1, 1]);
    expect(() => ipwLoss().compute({ users, keys, positives })).toThrow(/exampleWeights is required/);
    expect(() => ipwLoss({ base: 'sampled' }).compute({ users, keys, positives, exampleWeights: w })).toThrow(/logQ is required/);
    const bad = tf.tensor1d([1, 1, 1]);
    expect(() => ipwLoss().compute({ users, keys, positives, exampleWeights: bad })).toThrow(/exampleWeights has shape \[3\]/);
    // @ts-expect-error invalid base
    expect(() => ipwLoss({ base: 'exact' })).toThrow(/base must be/);
    tf.dispose([users, keys, positives, logQ, w, bad]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
