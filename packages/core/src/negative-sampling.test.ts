import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { negativeSamplingLoss } from './negative-sampling';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('negativeSamplingLoss', () => {
  // users unit [1,0], [0,1]; keys k0=[1,0], k1=[0,3]; positives [0,1] -> s⁺ = [1, 1] (temperature 1)
  // negatives of u1: [0,1], [-1,0] -> s = [0, -1]; of u2: [1,1], [0,-1] -> s = [.707107, -1]
  // softplus(-1) = 0.313262, softplus(0) = 0.693147, softplus(.707107) = 1.107940
  // ℓ1 = softplus(-s⁺) + Σ softplus(s) = 0.313262 + 0.693147 + 0.313262 = 1.319671
  // ℓ2 = 0.313262 + 1.107940 + 0.313262 = 1.734464; mean = 1.527067
  const setup = () => ({
    users: tf.tensor2d([[1, 0], [0, 2]]),
    keys: tf.tensor2d([[1, 0], [0, 3]]),
    positives: tf.tensor1d([0, 1], 'int32'),
    userNegatives: tf.tensor3d([[[0, 1], [-1, 0]], [[1, 1], [0, -1]]]),
  });

  it('matches a hand computation', () => {
    const before = tf.memory().numTensors;
    const input = setup();
    const loss = negativeSamplingLoss({ temperature: 1 });
    expect(loss.name).toBe('negative-sampling');
    const value = loss.compute(input);
    expect(value.dataSync()[0]).toBeCloseTo(1.527067, 5);
    tf.dispose([...Object.values(input), value]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a [B,k] mask makes a negative contribute exactly 0', () => {
    const before = tf.memory().numTensors;
    // masking u1's second negative (s = -1) removes 0.313262: ℓ1 = 1.006409; mean = (1.006409 + 1.734464) / 2 = 1.370436
    const input = setup();
    const logitMask = tf.tensor2d([[0, -1e9], [0, 0]]);
    const value = negativeSamplingLoss({ temperature: 1 }).compute({ ...input, logitMask });
    expect(value.dataSync()[0]).toBeCloseTo(1.370436, 5);
    tf.dispose([...Object.values(input), logitMask, value]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is finite for extreme logits (stable softplus form)', () => {
    const before = tf.memory().numTensors;
    // temperature 1e-3: s⁺ = 1000, s⁻ = [0, -1000] (u1) -> ℓ1 = softplus(-1000) + softplus(0) + softplus(-1000) = 0.693147
    // u2: s⁻ = [707.107, -1000] -> ℓ2 ≈ 707.107; mean ≈ 353.900
    const input = setup();
    const value = negativeSamplingLoss({ temperature: 1e-3 }).compute(input);
    expect(value.dataSync()[0]).toBeCloseTo(353.900, 1);
    tf.dispose([...Object.values(input), value]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('requires userNegatives and checks the mask shape', () => {
    const before = tf.memory().numTensors;
    const { users, keys, positives, userNegatives } = setup();
    const loss = negativeSamplingLoss();
    expect(() => loss.compute({ users, keys, positives })).toThrow(/userNegatives is required/);
    const wideMask = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => loss.compute({ users, keys, positives, userNegatives, logitMask: wideMask })).toThrow(/expected \[2,2\]/);
    tf.dispose([users, keys, positives, userNegatives, wideMask]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
