import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NON_DIFFERENTIABLE_KERNELS, registerMissingGradients } from './gradients';
import { expectNoLeak } from './test-helpers';

describe('registerMissingGradients', () => {
  it('lets gradients flow around comparisons (zero through the bool path)', async () => {
    await tf.setBackend('cpu');
    const f = (x: tf.Tensor) => tf.sum(tf.where(tf.greater(x, 0), tf.square(x), tf.mul(x, -1)));
    const x = tf.tensor1d([-2, 0.5, 3]);
    expect(() => tf.tidy(() => tf.grad(f)(x))).toThrow(/gradient function not found for Greater/);
    registerMissingGradients();
    registerMissingGradients(); // idempotent
    expectNoLeak(() => {
      const g = tf.tidy(() => tf.grad(f)(x));
      expect(Array.from(g.dataSync())).toEqual([-1, 1, 6]);
      g.dispose();
    });
    for (const k of NON_DIFFERENTIABLE_KERNELS) expect(tf.getGradient(k)).toBeDefined();
    x.dispose();
  });
});
