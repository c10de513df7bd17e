import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedNegativeSamplingLoss } from './shared-negative-sampling';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sharedNegativeSamplingLoss', () => {
  // layout keys = [k0, k1 (batch positives) ; k2 (one shared negative)], positives [0, 1], temperature 1
  // u1 = [1,0]: s = [1, 0, .707107]; u2 = [1,2]/√5: s = [.447214, .894427, .948683]
  // ℓ1 = softplus(-1) + softplus(0) + softplus(.707107) = 0.313262 + 0.693147 + 1.107940 = 2.114349
  // ℓ2 = softplus(-.894427) + softplus(.447214) + softplus(.948683) = 0.342768 + 0.941548 + 1.276007 = 2.560323
  // mean = 2.337336
  const setup = () => ({
    users: tf.tensor2d([[1, 0], [1, 2]]),
    keys: tf.tensor2d([[1, 0], [0, 3], [1, 1]]),
    positives: tf.tensor1d([0, 1], 'int32'),
  });

  it('matches a hand computation', () => {
    const before = tf.memory().numTensors;
    const input = setup();
    const loss = sharedNegativeSamplingLoss({ temperature: 1 });
    expect(loss.name).toBe('shared-negative-sampling');
    const value = loss.compute(input);
    expect(value.dataSync()[0]).toBeCloseTo(2.337336, 5);
    tf.dispose([...Object.values(input), value]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('masked columns contribute 0 and the positive column ignores its mask', () => {
    const before = tf.memory().numTensors;
    // strict variant: mask the other user's positive (u1·k1, softplus(0) = 0.693147) -> ℓ1 = 1.421202;
    // also put -1e9 on u2's own positive column k1: ignored. mean = (1.421202 + 2.560323) / 2 = 1.990763
    const input = setup();
    const logitMask = tf.tensor2d([[0, -1e9, 0], [0, -1e9, 0]]);
    const value = sharedNegativeSamplingLoss({ temperature: 1 }).compute({ ...input, logitMask });
    expect(value.dataSync()[0]).toBeCloseTo(1.990763, 5);
    tf.dispose([...Object.values(input), logitMask, value]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
