import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, lossAndGrads } from './adam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Adam', () => {
  it('applies the exact Adam update and round-trips its state', async () => {
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, -2])));
    const params = [{ name: 'w', variable: w }];
    const opt = new Adam(params, { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    // loss = sum(w^2) -> g = 2w = [2, -4]
    // step 1: m = 0.1 g = [0.2, -0.4]; v = 0.001 g^2 = [0.004, 0.016]
    // lr_t = 0.1 * sqrt(1 - 0.999) / (1 - 0.9) = 0.1 * 0.0316228 / 0.1 = 0.0316228
    // w -= lr_t * m / (sqrt(v) + eps) = 0.0316228 * [0.2/0.0632456, -0.4/0.126491] = [0.1, -0.1]
    // w = [0.9, -1.9]
    const { loss, grads } = lossAndGrads(params, () => tf.sum(tf.square(w)) as tf.Scalar);
    expect(loss.dataSync()[0]).toBeCloseTo(5, 6);
    opt.apply(grads);
    tf.dispose([loss, ...grads.values()]);
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.9, 5), expect.closeTo(-1.9, 5)]);

    const state = await opt.getState();
    expect(state.step).toBe(1);
    expect(Array.from(state.slots[0].m)).toEqual([expect.closeTo(0.2, 6), expect.closeTo(-0.4, 6)]);
    const w2 = tf.tidy(() => tf.variable(w.clone())); // same float32 values as w after step 1
    const opt2 = new Adam([{ name: 'w', variable: w2 }], { learningRate: 0.1 });
    opt2.setState(state);
    // the next steps of both optimizers must be identical
    for (const [o, v] of [[opt, w], [opt2, w2]] as const) {
      const r = lossAndGrads([{ name: 'w', variable: v }], () => tf.sum(tf.square(v)) as tf.Scalar);
      o.apply(r.grads);
      tf.dispose([r.loss, ...r.grads.values()]);
    }
    expect(Array.from(w2.dataSync())).toEqual(Array.from(w.dataSync()));
    expect(() => opt2.setState({ step: 1, slots: [{ name: 'zz', shape: [2], m: new Float32Array(2), v: new Float32Array(2) }] })).toThrow(/lacks/);
    opt.dispose();
    opt2.dispose();
    w.dispose();
    w2.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
