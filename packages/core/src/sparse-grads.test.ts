import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import { lossAndGrads } from './adam';
import type { NamedVariable } from '@clrec/spec';
import { lossAndSparseGrads } from './sparse-grads';
import { embeddingLookup } from './sparse-lookup';

const counts = () => ({ tensors: tf.memory().numTensors, dataIds: tf.engine().backend.numDataIds() });

/** Table 5 × 2 (row r = [r, 10 r]) and a dense 2 × 1 weight. */
function params(): NamedVariable[] {
  return tf.tidy(() => [
    { name: 'table', variable: tf.variable(tf.tensor2d([0, 0, 1, 10, 2, 20, 3, 30, 4, 40], [5, 2])), sparse: true },
    { name: 'w', variable: tf.variable(tf.tensor2d([[1], [-1]])) },
  ]);
}

/**
 * loss = Σ lookup([1, 3, 1]) ⊙ c1 + Σ lookup([[3]]) ⊙ c2 + Σ (lookup([0]) · w)
 * with c1 = [[1, 2], [3, 4], [5, 6]], c2 = [[[10, 20]]].
 * d/d table: row 1 = [1, 2] + [5, 6] = [6, 8]; row 3 = [3, 4] + [10, 20] = [13, 24];
 * row 0 = wᵀ = [1, -1]; rows 2 and 4 untouched. d/dw = table[0]ᵀ = [0, 0].
 */
function loss(ps: NamedVariable[], read: (t: tf.Variable, ids: tf.Tensor) => tf.Tensor = embeddingLookup): tf.Scalar {
  const [table, w] = [ps[0].variable, ps[1].variable];
  const a = tf.sum(tf.mul(read(table, tf.tensor1d([1, 3, 1], 'int32')), tf.tensor2d([[1, 2], [3, 4], [5, 6]])));
  const b = tf.sum(tf.mul(read(table, tf.tensor2d([[3]], [1, 1], 'int32')), tf.tensor3d([[[10, 20]]])));
  const c = tf.sum(tf.matMul(read(table, tf.tensor1d([0], 'int32')), w));
  return tf.addN([a, b, c]) as tf.Scalar;
}

afterEach(async () => {
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('lossAndSparseGrads on %s', (backend) => {
  it('returns the touched rows only, summed per row, and dense gradients for the rest', async () => {
    await tf.setBackend(backend);
    const ps = params();
    const before = counts();
    const { loss: l, grads, rows } = lossAndSparseGrads(ps, ['table'], () => loss(ps));
    // loss = (1·1+10·2 + 3·3+30·4 + 1·5+10·6) + (3·10+30·20) + (0·1 + 0·-1) = 215 + 630 + 0 = 845
    expect(l.dataSync()[0]).toBeCloseTo(845, 4);
    expect([...grads.keys()]).toEqual(['w']);
    expect(Array.from(grads.get('w')!.dataSync())).toEqual([0, 0]);
    const r = rows.get('table')!;
    expect(r.width).toBe(2);
    expect(r.numRows).toBe(5);
    const byId = new Map(Array.from(r.ids, (id, i) => [id, Array.from(r.values.subarray(i * 2, i * 2 + 2))]));
    expect([...byId.keys()].sort()).toEqual([0, 1, 3]);
    expect(byId.get(1)).toEqual([6, 8]);
    expect(byId.get(3)).toEqual([13, 24]);
    expect(byId.get(0)).toEqual([1, -1]);
    l.dispose();
    grads.forEach((g) => g.dispose());
    expect(counts()).toEqual(before);
    ps.forEach((p) => p.variable.dispose());
  });

  it('agrees with the dense gradient of tf.gather (random table and ids)', async () => {
    // The dense reference runs on cpu: stock tfjs-backend-wasm has no UnsortedSegmentSum (gather's
    // gradient), which the sparse path never needs.
    await tf.setBackend('cpu');
    const ps = tf.tidy(() => [
      { name: 'emb', variable: tf.variable(tf.randomNormal([40, 3], 0, 1, 'float32', 1)), sparse: true },
      { name: 'proj', variable: tf.variable(tf.randomNormal([3, 3], 0, 1, 'float32', 2)) },
    ]);
    const ids = Int32Array.from({ length: 60 }, (_, i) => (i * 7) % 23);
    const f = (read: (t: tf.Variable, i: tf.Tensor) => tf.Tensor) => () =>
      tf.sum(tf.tanh(tf.matMul(tf.reshape(read(ps[0].variable, tf.tensor2d(ids, [6, 10], 'int32')), [60, 3]), ps[1].variable))) as tf.Scalar;
    const dense = lossAndGrads(ps, f((t, i) => tf.gather(t, i)));
    const reference = { full: dense.grads.get('emb')!.dataSync(), proj: dense.grads.get('proj')!.dataSync(), loss: dense.loss.dataSync()[0] };
    dense.loss.dispose();
    dense.grads.forEach((g) => g.dispose());
    const values = ps.map((p) => p.variable.dataSync());
    ps.forEach((p) => p.variable.dispose());
    await tf.setBackend(backend);
    ps.forEach((p, i) => (p.variable = tf.tidy(() => tf.variable(tf.tensor(values[i], p.variable.shape)))));
    const before = counts();
    const sparse = lossAndSparseGrads(ps, ['emb'], f(embeddingLookup));
    const { full } = reference;
    const r = sparse.rows.get('emb')!;
    expect(new Set(r.ids)).toEqual(new Set(ids));
    for (let i = 0; i < r.ids.length; i++) {
      for (let k = 0; k < 3; k++) expect(r.values[i * 3 + k]).toBeCloseTo(full[r.ids[i] * 3 + k], 4);
    }
    sparse.grads.get('proj')!.dataSync().forEach((v, i) => expect(v).toBeCloseTo(reference.proj[i], 4));
    expect(sparse.loss.dataSync()[0]).toBeCloseTo(reference.loss, 4);
    sparse.loss.dispose();
    sparse.grads.forEach((g) => g.dispose());
    expect(counts()).toEqual(before);
    ps.forEach((p) => p.variable.dispose());
  });

  // The next two need gather's dense gradient (UnsortedSegmentSum), which stock wasm lacks.
  it.runIf(backend === 'cpu')('still gets the right rows, with a warning, when a sparse table is read with tf.gather', async () => {
    await tf.setBackend(backend);
    const ps = params();
    const before = counts();
    const warnings: string[] = [];
    const { loss: l, grads, rows } = lossAndSparseGrads(ps, ['table'], () => loss(ps, (t, i) => tf.gather(t, i)), { warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/"table" was read with tf\.gather/);
    const r = rows.get('table')!;
    const byId = new Map(Array.from(r.ids, (id, i) => [id, Array.from(r.values.subarray(i * 2, i * 2 + 2))]));
    expect(byId.get(1)).toEqual([6, 8]);
    expect(byId.get(3)).toEqual([13, 24]);
    expect(byId.get(0)).toEqual([1, -1]);
    l.dispose();
    grads.forEach((g) => g.dispose());
    expect(counts()).toEqual(before);
    ps.forEach((p) => p.variable.dispose());
  });

  it.runIf(backend === 'cpu')('is lossAndGrads when nothing is sparse, and embeddingLookup is tf.gather outside a step', async () => {
    await tf.setBackend(backend);
    const ps = params();
    const before = counts();
    const { loss: l, grads, rows } = lossAndSparseGrads(ps, [], () => loss(ps));
    expect(rows.size).toBe(0);
    expect([...grads.keys()].sort()).toEqual(['table', 'w']);
    // dense table gradient: rows 0, 1, 3 as above, rows 2 and 4 zero
    expect(Array.from(grads.get('table')!.dataSync())).toEqual([1, -1, 6, 8, 0, 0, 13, 24, 0, 0]);
    l.dispose();
    grads.forEach((g) => g.dispose());
    const v = tf.tidy(() => embeddingLookup(ps[0].variable, tf.tensor1d([4, 2], 'int32')));
    expect(Array.from(v.dataSync())).toEqual([4, 40, 2, 20]);
    v.dispose();
    expect(counts()).toEqual(before);
    ps.forEach((p) => p.variable.dispose());
  });

  it('rejects unknown sparse names and nested steps, leaving nothing behind', async () => {
    await tf.setBackend(backend);
    const ps = params();
    const before = counts();
    expect(() => lossAndSparseGrads(ps, ['nope'], () => loss(ps))).toThrow(/sparse table "nope" is not among the parameters/);
    expect(() => lossAndSparseGrads(ps, ['table'], () => {
      lossAndSparseGrads(ps, ['table'], () => loss(ps));
      return loss(ps);
    })).toThrow(/already running/);
    expect(counts()).toEqual(before);
    // the failed step left no recorded rows behind
    const { loss: l, grads, rows } = lossAndSparseGrads(ps, ['table'], () => loss(ps));
    expect(rows.get('table')!.ids.length).toBe(3);
    l.dispose();
    grads.forEach((g) => g.dispose());
    ps.forEach((p) => p.variable.dispose());
  });
});
