import * as tf from '@tensorflow/tfjs';
import { Rng } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { straightThroughArgmax } from './straight-through';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('straightThroughArgmax', () => {
  it('forwards the one-hot argmax (first maximum on ties)', () => {
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => straightThroughArgmax(tf.tensor2d([[0.1, 0.7, 0.2], [0.4, 0.2, 0.4]])).arraySync());
    expect(out).toEqual([[0, 1, 0], [1, 0, 0]]);
    expect(tf.tidy(() => straightThroughArgmax(tf.tensor2d([[0.3], [1]])).arraySync())).toEqual([[1], [1]]); // H = 1
    expect(tf.memory().numTensors).toBe(before);
  });

  it('passes the gradient through unchanged', () => {
    // L = Σ_ij ST(a)_ij · c_ij  →  ∂L/∂a = c (the identity's gradient), although the forward is piecewise constant
    const c = [[1, -2, 3], [0.5, 4, -1]];
    const g = tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(straightThroughArgmax(a as tf.Tensor2D), tf.tensor2d(c))))(
      tf.tensor2d([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]]),
    ).arraySync());
    expect(g).toEqual(c);
  });

  it('selection by ST: value is z_{h*}, gradient in the logits is that of the soft mixture (finite differences)', () => {
    // f = Σ_h ST(softmax(w))_h z_h and L = ⟨v, f⟩. The forward gives ⟨v, z_{h*}⟩; the ST gradient in w equals the
    // exact gradient of the relaxation L̃(w) = ⟨v, Σ_h softmax(w)_h z_h⟩, checked by central differences of L̃.
    const before = tf.memory().numTensors;
    const rng = new Rng(3);
    const H = 4, d = 3;
    const z = tf.tensor2d(Array.from({ length: H * d }, () => rng.normal()), [H, d]);
    const v = tf.tensor1d(Array.from({ length: d }, () => rng.normal()));
    const w0 = [0.3, 1.2, -0.5, 0.8];
    const hard = (w: tf.Tensor) => tf.sum(tf.mul(v, tf.matMul(straightThroughArgmax(tf.softmax(w) as tf.Tensor2D), z))) as tf.Scalar;
    const soft = (w: tf.Tensor) => tf.sum(tf.mul(v, tf.matMul(tf.softmax(w) as tf.Tensor2D, z))) as tf.Scalar;
    const at = (w: number[], f: (w: tf.Tensor) => tf.Scalar) => tf.tidy(() => f(tf.tensor2d([w])).dataSync()[0]);
    const zRows = z.arraySync();
    const vArr = Array.from(v.dataSync());
    expect(at(w0, hard)).toBeCloseTo(zRows[1].reduce((s, x, j) => s + x * vArr[j], 0), 5); // h* = 1
    const grad = tf.tidy(() => Array.from(tf.grad(hard)(tf.tensor2d([w0])).dataSync()));
    const h = 1e-2;
    for (let i = 0; i < H; i++) {
      const p = [...w0]; p[i] += h;
      const m = [...w0]; m[i] -= h;
      expect(grad[i], `dL/dw[${i}]`).toBeCloseTo((at(p, soft) - at(m, soft)) / (2 * h), 3);
    }
    tf.dispose([z, v]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
