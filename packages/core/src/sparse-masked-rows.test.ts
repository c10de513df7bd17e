import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import { onMaskedRows } from './sparse-masked-rows';

afterEach(async () => {
  await tf.setBackend('cpu');
});

describe('onMaskedRows', () => {
  it.each(['cpu', 'wasm'])('applies f to kept rows only and fills the others (%s)', async (backend) => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    let seenRows = -1;
    const out = tf.tidy(() => onMaskedRows(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([1, 0, 1]), (r) => {
      seenRows = r.shape[0];
      return tf.matMul(r, tf.tensor2d([[1, 10], [1, 100]]));
    }, -7));
    // kept rows 0 and 2: [1+2, 10+200] = [3, 210], [5+6, 50+600] = [11, 650]; row 1 filled with -7
    expect(seenRows).toBe(2);
    expect(Array.from(out.dataSync())).toEqual([3, 210, -7, -7, 11, 650]);
    out.dispose();
    // nothing masked: f sees every row; everything masked: all fill
    const all = tf.tidy(() => onMaskedRows(tf.ones([2, 2]) as tf.Tensor2D, tf.ones([1, 2]), (r) => tf.sum(r, 1, true) as tf.Tensor2D, 0));
    expect(Array.from(all.dataSync())).toEqual([2, 2]);
    const none = tf.tidy(() => onMaskedRows(tf.ones([2, 2]) as tf.Tensor2D, tf.zeros([2]), (r) => tf.sum(r, 1, true) as tf.Tensor2D, 5));
    expect(Array.from(none.dataSync())).toEqual([5, 5]);
    tf.dispose([all, none]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => tf.tidy(() => onMaskedRows(tf.ones([2, 2]) as tf.Tensor2D, tf.ones([3]), (r) => r, 0))).toThrow(/mask has 3 elements, x has 2 rows/);
  });

  it('has the gradients of the dense where(mask, f(x), fill) form (cpu)', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([6, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([3, 2], 0, 1, 'float32', 2) as tf.Tensor2D;
    const mask = tf.tensor1d([1, 0, 0, 1, 1, 0]);
    const c = tf.randomNormal([6, 2], 0, 1, 'float32', 3);
    const f = (r: tf.Tensor2D, wv: tf.Tensor2D) => tf.tanh(tf.matMul(r, wv)) as tf.Tensor2D;
    const packed = (xv: tf.Tensor, wv: tf.Tensor) => tf.sum(tf.mul(onMaskedRows(xv as tf.Tensor2D, mask, (r) => f(r, wv as tf.Tensor2D), -1e9), c));
    const dense = (xv: tf.Tensor, wv: tf.Tensor) =>
      tf.sum(tf.mul(tf.where(tf.cast(tf.expandDims(mask, 1), 'bool').tile([1, 2]), f(xv as tf.Tensor2D, wv as tf.Tensor2D), tf.fill([6, 2], -1e9)), c));
    const before = tf.memory().numTensors;
    const [gx, gw] = tf.grads(packed)([x, w]);
    const [hx, hw] = tf.grads(dense)([x, w]);
    gx.dataSync().forEach((v, i) => expect(v).toBeCloseTo(hx.dataSync()[i], 5));
    gw.dataSync().forEach((v, i) => expect(v).toBeCloseTo(hw.dataSync()[i], 5));
    expect(Array.from(gx.dataSync().slice(3, 9))).toEqual([0, 0, 0, 0, 0, 0]); // masked rows 1, 2
    tf.dispose([gx, gw, hx, hw]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, mask, c]);
  });
});
