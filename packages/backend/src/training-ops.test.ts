// Does every kernel needed to train a CLRec-style model exist on WASM, forward and backward, and
// agree with tfjs's stock CPU kernels? One test per op, so a missing kernel names itself.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels } from './register';
import {
  captureStockKernels,
  expectClose,
  expectNoLeak,
  randomFloats,
  seeded,
  withStockKernels,
} from './test-helpers';

const stock = captureStockKernels();
type T = tf.Tensor;

/** Op under test: maps inputs a [3, 4] and b [3, 4] (random, in [-1, 1)) to a float tensor. */
const ops: Record<string, (a: T, b: T) => T> = {
  add: (a, b) => tf.add(a, tf.slice(b, [0, 0], [1, 4])),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, tf.slice(b, [0, 0], [3, 1])),
  div: (a, b) => tf.div(a, tf.add(tf.abs(b), 0.5)),
  tanh: (a) => tf.tanh(a),
  relu: (a) => tf.relu(a),
  exp: (a) => tf.exp(a),
  log: (a) => tf.log(tf.add(tf.abs(a), 0.1)),
  sqrt: (a) => tf.sqrt(tf.add(tf.abs(a), 0.1)),
  rsqrt: (a) => tf.rsqrt(tf.add(tf.abs(a), 0.1)),
  square: (a) => tf.square(a),
  abs: (a) => tf.abs(a),
  sigmoid: (a) => tf.sigmoid(a),
  maximum: (a, b) => tf.maximum(a, b),
  minimum: (a, b) => tf.minimum(a, b),
  pow: (a) => tf.pow(tf.add(tf.abs(a), 0.1), 1.5),
  softmax: (a) => tf.softmax(a),
  logSoftmax: (a) => tf.logSoftmax(a),
  logSumExp: (a) => tf.logSumExp(a, 1),
  max: (a) => tf.max(a, 1),
  min: (a) => tf.min(a, 0),
  sum: (a) => tf.sum(a, 0, true),
  mean: (a) => tf.mean(a, 1),
  matMul: (a, b) => tf.matMul(a, b, false, true),
  matMulTransposeA: (a, b) => tf.matMul(a, b, true, false),
  batchedMatMul: (a, b) => tf.matMul(tf.reshape(a, [2, 2, 3]), tf.reshape(b, [2, 3, 2])),
  batchedMatMulTransposed: (a, b) =>
    tf.matMul(tf.reshape(a, [2, 2, 3]), tf.reshape(b, [2, 2, 3]), false, true),
  concat: (a, b) => tf.concat([a, tf.mul(b, 2)], 1),
  slice: (a) => tf.slice(a, [1, 1], [2, 2]),
  reshape: (a) => tf.reshape(a, [2, 6]),
  transpose: (a) => tf.transpose(a),
  transpose3d: (a) => tf.transpose(tf.reshape(a, [2, 3, 2]), [2, 0, 1]),
  expandDims: (a) => tf.expandDims(a, 1),
  squeeze: (a) => tf.squeeze(tf.reshape(a, [3, 1, 4])),
  tile: (a) => tf.tile(a, [2, 3]),
  stack: (a, b) => tf.stack([a, b], 1),
  unstack: (a) => tf.mul(tf.unstack(a)[1]!, 3),
  split: (a) => tf.split(a, 2, 1)[1]!,
  pad: (a) => tf.pad(a, [[1, 0], [0, 2]]),
  reverse: (a) => tf.reverse(a, 1),
  gather: (a) => tf.gather(a, tf.tensor1d([2, 0, 2], 'int32')),
  gatherAxis1: (a) => tf.gather(a, tf.tensor2d([[3, 1], [1, 1]], [2, 2], 'int32'), 1),
  oneHot: (a) => tf.mul(a, tf.oneHot(tf.tensor1d([1, 3, 0], 'int32'), 4)),
  whereGreater: (a, b) => tf.where(tf.greater(a, b), a, tf.mul(b, 2)),
  castMask: (a, b) => tf.mul(a, tf.cast(tf.greater(b, 0), 'float32')),
  lessEqualMask: (a, b) => tf.mul(a, tf.cast(tf.logicalAnd(tf.lessEqual(a, b), tf.notEqual(a, 0)), 'float32')),
  castToBool: (a) => tf.where(tf.cast(tf.floor(tf.mul(a, 2)), 'bool'), a, tf.zerosLike(a)),
  clipByValue: (a) => tf.clipByValue(a, -0.5, 0.5),
  l2Normalize: (a) => tf.div(a, tf.sqrt(tf.add(tf.sum(tf.square(a), 1, true), 1e-12))),
  norm: (a) => tf.norm(a, 'euclidean', 1),
  moments: (a) => {
    const { mean, variance } = tf.moments(a, 1, true);
    return tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, 1e-5)));
  },
  cumsum: (a) => tf.cumsum(a, 1),
  elu: (a) => tf.elu(a),
  leakyRelu: (a) => tf.leakyRelu(a, 0.1),
  softplus: (a) => tf.softplus(a),
  unsortedSegmentSum: (a) => tf.unsortedSegmentSum(a, tf.tensor1d([1, 0, 1], 'int32'), 3),
};

/** Value and gradients of `sum(op(a, b) * w) + 0.001 * sum(b)` for fixed random a, b and w. */
function valueAndGrads(name: string): Float32Array[] {
  const rnd = seeded(name.length * 31 + name.charCodeAt(0));
  const aV = randomFloats(rnd, 12);
  const bV = randomFloats(rnd, 12);
  const wV = randomFloats(rnd, 256);
  return tf.tidy(() => {
    const a = tf.tensor2d(aV, [3, 4]);
    const b = tf.tensor2d(bV, [3, 4]);
    const f = (x: T, y: T): T => {
      const out = ops[name]!(x, y);
      const w = tf.reshape(tf.tensor1d(wV.slice(0, out.size)), out.shape);
      // The b term keeps y differentiable w.r.t. b for ops that ignore b.
      return tf.add(tf.sum(tf.mul(out, w)), tf.mul(tf.sum(y), 1e-3));
    };
    const { value, grads } = tf.valueAndGrads(f)([a, b]);
    return [value.dataSync() as Float32Array, ...grads.map((g) => g.dataSync() as Float32Array)];
  });
}

beforeAll(() => {
  registerFastKernels();
});

describe('training ops on wasm (forward and backward) vs the stock CPU backend', () => {
  it.each(Object.keys(ops))('%s', async (name) => {
    await tf.setBackend('cpu');
    const expected = withStockKernels(stock, () => valueAndGrads(name));
    await tf.setBackend('wasm');
    const actual = expectNoLeak(() => valueAndGrads(name));
    actual.forEach((v, i) => expectClose(v, expected[i]!, 1e-4));
  });
});

/** A small two-tower model with an embedding table, trained with Adam; returns the losses. */
function trainToyModel(steps: number): { losses: number[]; table: Float32Array } {
  const rnd = seeded(7);
  const V = 40;
  const D = 8;
  const init = [tf.tensor2d(randomFloats(rnd, V * D), [V, D]), tf.tensor2d(randomFloats(rnd, D * D), [D, D])];
  const table = tf.variable(init[0]!);
  const w = tf.variable(init[1]!);
  tf.dispose(init);
  const hist = tf.tensor2d(Int32Array.from({ length: 6 * 5 }, (_, i) => (i * 7) % V), [6, 5], 'int32');
  const pos = tf.tensor1d(Int32Array.from({ length: 6 }, (_, i) => (i * 11 + 3) % V), 'int32');
  const opt = tf.train.adam(0.05);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const loss = opt.minimize(() => {
      const h = tf.gather(table, hist); // [6, 5, D]
      const mask = tf.cast(tf.greater(hist, 4), 'float32');
      const att = tf.softmax(tf.add(tf.sum(tf.tanh(tf.matMul(h, tf.tile(tf.expandDims(w, 0), [6, 1, 1]))), 2), tf.mul(tf.sub(mask, 1), 1e4)));
      const u = tf.squeeze(tf.matMul(tf.expandDims(att, 1), h), [1]);
      const un = tf.div(u, tf.norm(u, 'euclidean', 1, true));
      const k = tf.gather(table, pos);
      const kn = tf.div(k, tf.sqrt(tf.sum(tf.square(k), 1, true)));
      const logits = tf.mul(tf.matMul(un, kn, false, true), 10);
      const labels = tf.oneHot(tf.range(0, 6, 1, 'int32'), 6);
      return tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1))) as tf.Scalar;
    }, true) as tf.Scalar;
    losses.push(loss.dataSync()[0]!);
    loss.dispose();
  }
  const out = table.dataSync() as Float32Array;
  opt.dispose();
  tf.dispose([table, w, hist, pos]);
  return { losses, table: out };
}

describe('toy model trained with Adam', () => {
  it('trains on wasm like on the stock CPU backend, without leaks', async () => {
    await tf.setBackend('cpu');
    const expected = withStockKernels(stock, () => trainToyModel(5));
    await tf.setBackend('wasm');
    const actual = expectNoLeak(() => trainToyModel(5));
    expectClose(actual.losses, expected.losses, 1e-4);
    expectClose(actual.table, expected.table, 1e-4);
    expect(actual.losses[4]!).toBeLessThan(actual.losses[0]!);
  });
});
