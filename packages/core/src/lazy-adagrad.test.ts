import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import { lossAndGrads } from './adam';
import { LazyAdagrad } from './lazy-adagrad';
import type { NamedVariable } from '@clrec/spec';
import { lossAndSparseGrads } from './sparse-grads';
import { embeddingLookup } from './sparse-lookup';

const counts = () => ({ tensors: tf.memory().numTensors, dataIds: tf.engine().backend.numDataIds() });

function model(): NamedVariable[] {
  return tf.tidy(() => [
    { name: 'table', variable: tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6]])), sparse: true },
    { name: 'w', variable: tf.variable(tf.tensor1d([0])) },
  ]);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) throw new Error(`index ${i}: ${actual[i]} vs ${expected[i]} (tol ${tol})`);
  }
}

afterEach(async () => {
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('LazyAdagrad on %s', (backend) => {
  it('matches a hand computation; untouched rows stay put', async () => {
    await tf.setBackend(backend);
    const ps = model();
    const opt = new LazyAdagrad(ps, { learningRate: 0.1 });
    const before = counts();
    // lr 0.1, a0 0.1. Step 1: row 2, g = [1, −2]: a = [1.1, 4.1], Δ = 0.1·[1/√1.1, −2/√4.1]
    //  = [0.0953463, −0.0987730] → [4.9046537, 6.0987730]; w, g = [3]: a = 9.1, Δ = 0.3/√9.1 = 0.0994490.
    tf.tidy(() => opt.apply(new Map([['w', tf.tensor1d([3])]]), new Map([['table', { ids: Int32Array.from([2]), values: Float32Array.from([1, -2]), width: 2, numRows: 3 }]])));
    expectClose(ps[0].variable.dataSync(), [1, 2, 3, 4, 4.9046537, 6.098773]);
    expectClose(ps[1].variable.dataSync(), [-0.099449]);
    // Step 2: row 2, g = [1, 0]: a = [2.1, 4.1], Δ = [0.1/√2.1, 0] = [0.0690066, 0] → [4.8356471, 6.0987730]
    opt.apply(new Map(), new Map([['table', { ids: Int32Array.from([2]), values: Float32Array.from([1, 0]), width: 2, numRows: 3 }]]));
    expectClose(ps[0].variable.dataSync(), [1, 2, 3, 4, 4.8356471, 6.098773]);
    expect(counts()).toEqual(before);
    const state = await opt.getState();
    expectClose(state.slots.find((s) => s.name === 'table')!.m, [0.1, 0.1, 0.1, 0.1, 2.1, 4.1]);
    expectClose(state.slots.find((s) => s.name === 'w')!.m, [9.1]);
    // resume: a fresh optimizer with this state continues identically
    const copy = tf.tidy(() => ps.map((p) => ({ ...p, variable: tf.variable(p.variable.clone()) })));
    const resumed = new LazyAdagrad(copy, { learningRate: 0.1 });
    resumed.setState(state);
    for (const o of [opt, resumed]) o.apply(new Map(), new Map([['table', { ids: Int32Array.from([0, 2]), values: Float32Array.from([1, 1, -1, 2]), width: 2, numRows: 3 }]]));
    expect(Array.from(copy[0].variable.dataSync())).toEqual(Array.from(ps[0].variable.dataSync()));
    expect(() => resumed.setState({ step: 1, slots: [{ name: 'nope', shape: [1], m: new Float32Array(1), v: new Float32Array(0) }] })).toThrow(/"nope"/);
    opt.dispose();
    resumed.dispose();
    [...ps, ...copy].forEach((p) => p.variable.dispose());
  });

  it.runIf(backend === 'cpu')('equals dense Adagrad (lazy and dense Adagrad coincide)', async () => {
    const make = () => tf.tidy(() => [
      { name: 'emb', variable: tf.variable(tf.randomNormal([10, 3], 0, 1, 'float32', 7)), sparse: true },
      { name: 'proj', variable: tf.variable(tf.randomNormal([3, 2], 0, 1, 'float32', 8)) },
    ]);
    const a = make();
    const b = make();
    const lazy = new LazyAdagrad(a, { learningRate: 0.05 });
    const dense = new LazyAdagrad(b, { learningRate: 0.05, sparse: [] });
    const ids = tf.tensor1d([1, 4, 4, 7], 'int32'); // rows 0, 2, 3, 5, 6, 8, 9 never touched
    const f = (ps: NamedVariable[], read: (t: tf.Variable, i: tf.Tensor) => tf.Tensor) => () =>
      tf.sum(tf.sin(tf.matMul(read(ps[0].variable, ids), ps[1].variable))) as tf.Scalar;
    for (let s = 0; s < 3; s++) {
      tf.tidy(() => {
        const r = lossAndSparseGrads(a, lazy.sparseNames, f(a, embeddingLookup));
        lazy.apply(r.grads, r.rows);
        dense.apply(lossAndGrads(b, f(b, (t, i) => tf.gather(t, i))).grads);
      });
    }
    expectClose(a[0].variable.dataSync(), b[0].variable.dataSync(), 1e-5);
    expectClose(a[1].variable.dataSync(), b[1].variable.dataSync(), 1e-5);
    ids.dispose();
    lazy.dispose();
    dense.dispose();
    [...a, ...b].forEach((p) => p.variable.dispose());
  });
});
