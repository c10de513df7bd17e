import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import { Adam, lossAndGrads } from './adam';
import { LazyAdam } from './lazy-adam';
import type { NamedVariable, SparseRows } from '@clrec/spec';
import { lossAndSparseGrads } from './sparse-grads';
import { embeddingLookup } from './sparse-lookup';
import { setRowKernels } from './sparse-row-kernels';

const counts = () => ({ tensors: tf.memory().numTensors, dataIds: tf.engine().backend.numDataIds() });
const rowsOf = (ids: number[], values: number[], numRows: number, width = 2): SparseRows => ({
  ids: Int32Array.from(ids), values: Float32Array.from(values), width, numRows,
});

function model(): NamedVariable[] {
  return tf.tidy(() => [
    { name: 'table', variable: tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6]])), sparse: true },
    { name: 'w', variable: tf.variable(tf.tensor1d([0, 0])) },
  ]);
}

const disposeAll = (ps: NamedVariable[]) => ps.forEach((p) => p.variable.dispose());

afterEach(async () => {
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('LazyAdam on %s', (backend) => {
  it('updates touched rows by hand-computed amounts and leaves the others (and their moments) alone', async () => {
    await tf.setBackend(backend);
    const ps = model();
    const opt = new LazyAdam(ps, { learningRate: 0.1 });
    expect([...opt.sparseNames]).toEqual(['table']);
    const before = counts();
    // Step 1 (t = 1): lrT = 0.1·√(1−0.999)/(1−0.9) = 0.0316228.
    //  row 2, g = [0.5, −2]: m = 0.1 g = [0.05, −0.2], v = 0.001 g² = [0.00025, 0.004],
    //    m/(√v + ε) = [3.16228, −3.16228] → Δ = lrT·that = [0.1, −0.1] → [4.9, 6.1]
    //  row 0, g = [1, 0]: m = [0.1, 0], v = [0.001, 0] → Δ = [0.1, 0] → [0.9, 2]
    //  w, g = [1, −1]: Δ = [0.1, −0.1] → [−0.1, 0.1]
    tf.tidy(() => opt.apply(new Map([['w', tf.tensor1d([1, -1])]]), new Map([['table', rowsOf([2, 0], [0.5, -2, 1, 0], 3)]])));
    expect(counts()).toEqual(before);
    expectClose(ps[0].variable.dataSync(), [0.9, 2, 3, 4, 4.9, 6.1]);
    expectClose(ps[1].variable.dataSync(), [-0.1, 0.1]);
    // Step 2 (t = 2): row 0 again with g = [1, 0]: m = 0.9·0.1 + 0.1 = 0.19, v = 0.999·0.001 + 0.001 = 0.001999,
    //  lrT = 0.1·√(1−0.999²)/(1−0.9²) = 0.0235317; Δ = lrT·0.19/√0.001999 = 0.1 → [0.8, 2]. Row 2 untouched.
    opt.apply(new Map(), new Map([['table', rowsOf([0], [1, 0], 3)]]));
    expect(counts()).toEqual(before);
    expectClose(ps[0].variable.dataSync(), [0.8, 2, 3, 4, 4.9, 6.1]);
    expect(opt.step).toBe(2);
    const state = await opt.getState();
    const slot = state.slots.find((s) => s.name === 'table')!;
    // row 2's moments are still those of step 1; row 1 never moved
    expectClose(slot.m, [0.19, 0, 0, 0, 0.05, -0.2]);
    expectClose(slot.v, [0.001999, 0, 0, 0, 0.00025, 0.004]);
    opt.dispose();
    disposeAll(ps);
  });

  it('follows dense Adam exactly when every row is touched every step', async () => {
    await tf.setBackend(backend);
    const make = () => tf.tidy(() => [
      { name: 'emb', variable: tf.variable(tf.randomNormal([6, 3], 0, 1, 'float32', 3)), sparse: true },
      { name: 'proj', variable: tf.variable(tf.randomNormal([3, 2], 0, 1, 'float32', 4)) },
    ]);
    const lazyPs = make();
    const densePs = make();
    const lazy = new LazyAdam(lazyPs, { learningRate: 0.05 });
    const dense = new Adam(densePs, { learningRate: 0.05 });
    const ids = tf.tensor1d([0, 1, 2, 3, 4, 5, 2, 0], 'int32');
    const target = tf.randomNormal([8, 2], 0, 1, 'float32', 5);
    const lossOf = (ps: NamedVariable[], read: (t: tf.Variable, i: tf.Tensor) => tf.Tensor) => () =>
      tf.mean(tf.square(tf.sub(tf.tanh(tf.matMul(read(ps[0].variable, ids), ps[1].variable)), target))) as tf.Scalar;
    const before = counts();
    for (let s = 0; s < 4; s++) {
      tf.tidy(() => {
        const a = lossAndSparseGrads(lazyPs, lazy.sparseNames, lossOf(lazyPs, embeddingLookup));
        lazy.apply(a.grads, a.rows);
      });
      // dense reference through the CPU backend's gather gradient
      if (backend === 'cpu') {
        tf.tidy(() => dense.apply(lossAndGrads(densePs, lossOf(densePs, (t, i) => tf.gather(t, i))).grads));
      }
    }
    expect(counts()).toEqual(before);
    if (backend === 'cpu') {
      expectClose(lazyPs[0].variable.dataSync(), densePs[0].variable.dataSync(), 1e-5);
      expectClose(lazyPs[1].variable.dataSync(), densePs[1].variable.dataSync(), 1e-5);
    }
    tf.dispose([ids, target]);
    lazy.dispose();
    dense.dispose();
    disposeAll([...lazyPs, ...densePs]);
  });

  it('resumes exactly from getState / setState (also from a core Adam state)', async () => {
    await tf.setBackend(backend);
    const ps = model();
    const opt = new LazyAdam(ps, { learningRate: 0.1 });
    const step = (o: LazyAdam, k: number) => tf.tidy(() => o.apply(
      new Map([['w', tf.tensor1d([k, -2 * k])]]),
      new Map([['table', rowsOf([k % 3, (k + 1) % 3], [k, 1, -k, 0.5], 3)]]),
    ));
    step(opt, 1);
    step(opt, 2);
    const state = await opt.getState();
    const copy = tf.tidy(() => ps.map((p) => ({ ...p, variable: tf.variable(p.variable.clone()) })));
    const resumed = new LazyAdam(copy, { learningRate: 0.1 });
    resumed.setState(state);
    expect(resumed.step).toBe(2);
    step(opt, 3);
    step(resumed, 3);
    expect(Array.from(copy[0].variable.dataSync())).toEqual(Array.from(ps[0].variable.dataSync()));
    expect(Array.from(copy[1].variable.dataSync())).toEqual(Array.from(ps[1].variable.dataSync()));
    // a core Adam state has the same format
    const adam = new Adam(ps, { learningRate: 0.1 });
    const fromDense = new LazyAdam(ps, { learningRate: 0.1 });
    fromDense.setState(await adam.getState());
    expect(() => fromDense.setState({ step: 1, slots: [{ name: 'table', shape: [4, 2], m: new Float32Array(8), v: new Float32Array(8) }] }))
      .toThrow(/"table" has shape \[4,2\] in the checkpoint but \[3,2\] here/);
    [opt, resumed, adam, fromDense].forEach((o) => o.dispose());
    disposeAll([...ps, ...copy]);
  });

  it('never changes a tensor that shares the table buffer (clone / reshape)', async () => {
    await tf.setBackend(backend);
    const ps = model();
    const opt = new LazyAdam(ps, { learningRate: 0.1 });
    const snapshot = tf.clone(ps[0].variable);
    const view = tf.reshape(ps[0].variable, [6]);
    opt.apply(new Map(), new Map([['table', rowsOf([1], [1, 1], 3)]]));
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(view.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expectClose(ps[0].variable.dataSync(), [1, 2, 2.9, 3.9, 5, 6]);
    tf.dispose([snapshot, view]);
    opt.dispose();
    disposeAll(ps);
  });

  it('uses an installed row kernel (RowKernels.adamRows) with the same arguments the JS update gets', async () => {
    await tf.setBackend(backend);
    const js = model();
    const hooked = model();
    const a = new LazyAdam(js, { learningRate: 0.1 });
    const b = new LazyAdam(hooked, { learningRate: 0.1 });
    const calls: number[][] = [];
    const previous = setRowKernels({
      adamRows: (p, at, ids, g, m, v, w, lrT, b1, b2, eps) => {
        calls.push(Array.from(ids));
        // a reference implementation, in float32 like a native kernel
        for (let i = 0; i < ids.length; i++) {
          for (let k = 0; k < w; k++) {
            const gi = g[i * w + k];
            const o = ids[i] * w + k;
            m[o] = b1 * m[o] + (1 - b1) * gi;
            v[o] = b2 * v[o] + (1 - b2) * gi * gi;
            p[at[i] + k] -= Math.fround((lrT * m[o]) / (Math.sqrt(v[o]) + eps));
          }
        }
      },
    });
    try {
      a.apply(new Map(), new Map([['table', rowsOf([2, 0], [0.5, -2, 1, 0], 3)]]));
    } finally {
      setRowKernels(previous);
    }
    expect(calls).toEqual([[2, 0]]);
    // the same update through the built-in JS loop
    b.apply(new Map(), new Map([['table', rowsOf([2, 0], [0.5, -2, 1, 0], 3)]]));
    expectClose(js[0].variable.dataSync(), hooked[0].variable.dataSync(), 1e-6);
    [a, b].forEach((o) => o.dispose());
    disposeAll([...js, ...hooked]);
  });

  it('accepts a dense gradient for a sparse table (reduced to its non-zero rows) and rejects bad rows', async () => {
    await tf.setBackend(backend);
    const ps = model();
    const opt = new LazyAdam(ps, { learningRate: 0.1 });
    tf.tidy(() => opt.apply(new Map([['table', tf.tensor2d([[0, 0], [0, 3], [0, 0]])]])));
    // row 1, g = [0, 3]: first component has g = 0 (no move), second moves by 0.1
    expectClose(ps[0].variable.dataSync(), [1, 2, 3, 3.9, 5, 6]);
    expect(() => opt.apply(new Map(), new Map([['table', rowsOf([0], [1, 2, 3], 3, 3)]]))).toThrow(/rows of "table" are \[3, 3\], the table is \[3, 2\]/);
    expect(() => opt.apply(new Map(), new Map([['w', rowsOf([0], [1, 2], 3)]]))).toThrow(/"w" is not a sparse table/);
    expect(() => new LazyAdam(ps, { sparse: ['nope'] })).toThrow(/sparse table "nope" is not among the parameters/);
    opt.dispose();
    disposeAll(ps);
  });
});

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) throw new Error(`index ${i}: ${actual[i]} vs ${expected[i]} (tol ${tol})`);
  }
}
