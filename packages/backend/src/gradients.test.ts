import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NON_DIFFERENTIABLE_KERNELS, registerMissingGradients } from './gradients';
import '@tensorflow/tfjs-backend-wasm';
import { registerFastKernels } from './register';
import { expectClose, expectNoLeak } from './test-helpers';

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

describe('registerFastGradients (Sum and Mean by broadcasting dy)', () => {
  // y = Σ w ⊙ reduce(x, axes): dx[i] = w at i's reduced position (÷ reduced size for Mean)
  const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
    { shape: [3, 4], axis: 0, keepDims: false },
    { shape: [3, 4], axis: 1, keepDims: true },
    { shape: [2, 3, 4], axis: [0, 2], keepDims: false },
    { shape: [2, 3, 4], axis: -1, keepDims: false },
    { shape: [2, 3], axis: [0, 1], keepDims: false },
  ];
  it.each(['cpu', 'wasm'])('gives w broadcast back over the reduced axes (%s)', async (backend) => {
    registerFastKernels();
    await tf.setBackend(backend);
    for (const c of cases) {
      for (const op of ['sum', 'mean'] as const) {
        expectNoLeak(() => {
          const size = c.shape.reduce((a, b) => a * b, 1);
          const x = tf.tensor(Float32Array.from({ length: size }, (_, i) => i * 0.5 - 2), c.shape);
          const outShape = tf.tidy(() => tf[op](x, c.axis, c.keepDims).shape);
          const wv = Float32Array.from({ length: outShape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1);
          const w = tf.tensor(wv, outShape);
          const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf[op](t, c.axis, c.keepDims), w)))(x);
          // expected: for every element, w at the position with the reduced axes dropped (or set to 0)
          const axes = tf.util.parseAxisParam(c.axis, c.shape);
          const reduced = axes.reduce((n, a) => n * c.shape[a], 1);
          const strides = c.shape.map((_, i) => c.shape.slice(i + 1).reduce((a, b) => a * b, 1));
          const expected = Array.from({ length: size }, (_, flat) => {
            const idx = c.shape.map((d, i) => Math.floor(flat / strides[i]) % d);
            const outIdx = c.keepDims ? idx.map((v, i) => (axes.includes(i) ? 0 : v)) : idx.filter((_, i) => !axes.includes(i));
            const o = outIdx.reduce((acc, v, i) => acc * (outShape[i] ?? 1) + v, 0);
            return wv[o] / (op === 'mean' ? reduced : 1);
          });
          expectClose(g.dataSync(), expected, 1e-6);
          tf.dispose([x, w, g]);
        });
      }
    }
  });
});
