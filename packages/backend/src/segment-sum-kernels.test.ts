import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels } from './register';
import {
  captureStockKernels,
  expectClose,
  expectNoLeak,
  randomFloats,
  randomInts,
  seeded,
  values,
  withStockKernels,
} from './test-helpers';

const stock = captureStockKernels();

/** Gradient of `sum(gather(table, ids) * dy)` w.r.t. `table`, i.e. UnsortedSegmentSum of dy by ids. */
function gatherGrad(table: Float32Array, shape: number[], ids: Int32Array, idsShape: number[], dy: Float32Array) {
  return values(() => {
    const t = tf.tensor(table, shape);
    const i = tf.tensor(ids, idsShape, 'int32');
    const d = tf.tensor(dy, [...idsShape, ...shape.slice(1)]);
    return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.gather(x, i), d)))(t);
  });
}

/** The gradient on the stock CPU backend (tfjs's own kernels): the reference. */
async function stockCpu<T>(fn: () => T): Promise<T> {
  await tf.setBackend('cpu');
  return withStockKernels(stock, fn);
}

interface Case {
  name: string;
  rows: number;
  inner: number[];
  idsShape: number[];
  maxId: number;
}

const cases: Case[] = [
  { name: '1-D table, repeated ids', rows: 50, inner: [], idsShape: [200], maxId: 10 },
  { name: '2-D table, repeated ids, numSegments > max id', rows: 300, inner: [16], idsShape: [64], maxId: 40 },
  { name: '3-D table, N-D ids', rows: 40, inner: [3, 5], idsShape: [6, 7], maxId: 40 },
  { name: 'embedding-like', rows: 300, inner: [64], idsShape: [16, 11], maxId: 200 },
];

beforeAll(() => {
  registerFastKernels();
});

describe.each(['wasm', 'cpu'])('fast UnsortedSegmentSum on %s', (backend) => {
  it.each(cases)('matches the stock CPU gradient of gather: $name', async (c) => {
    const rnd = seeded(c.rows * 7 + c.idsShape.length);
    const rowSize = c.inner.reduce((a, b) => a * b, 1);
    const shape = [c.rows, ...c.inner];
    const n = c.idsShape.reduce((a, b) => a * b, 1);
    const table = randomFloats(rnd, c.rows * rowSize);
    const ids = randomInts(rnd, n, c.maxId);
    const dy = randomFloats(rnd, n * rowSize);
    const expected = await stockCpu(() => gatherGrad(table, shape, ids, c.idsShape, dy));
    await tf.setBackend(backend);
    const actual = expectNoLeak(() => gatherGrad(table, shape, ids, c.idsShape, dy));
    expect(actual.shape).toEqual(shape);
    expectClose(actual.data, expected.data, 1e-5);
    // Repeated ids really were summed: some row got more than one contribution.
    expect(new Set(ids).size).toBeLessThan(n);
  });

  it('sums with N-D segment ids, int32 data and out-of-range ids ignored', async () => {
    // tfjs's stock CPU kernel cannot take N-D segment ids (it fails to broadcast), so the reference
    // is TensorFlow's definition: out[ids[i, j], k] += x[i, j, k], dropping ids outside [0, 4).
    const x = Int32Array.from({ length: 2 * 3 * 4 }, (_, i) => i - 5);
    const ids = Int32Array.from([0, 2, -1, 2, 5, 1]); // shape [2, 3]
    const expected = new Int32Array(4 * 4);
    ids.forEach((s, r) => {
      if (s >= 0 && s < 4) for (let k = 0; k < 4; k++) expected[s * 4 + k] += x[r * 4 + k];
    });
    await tf.setBackend(backend);
    const actual = expectNoLeak(() =>
      values(() => {
        const segmentIds = tf.tensor(ids, [2, 3], 'int32') as unknown as tf.Tensor1D;
        return tf.unsortedSegmentSum(tf.tensor(x, [2, 3, 4], 'int32'), segmentIds, 4);
      }),
    );
    expect(actual.shape).toEqual([4, 4]);
    expect(actual.data).toBeInstanceOf(Int32Array);
    expect(Array.from(actual.data)).toEqual(Array.from(expected));
  });

  it('handles zero rows and zero segments', async () => {
    await tf.setBackend(backend);
    expectNoLeak(() => {
      const a = values(() => tf.unsortedSegmentSum(tf.zeros([0, 3]), tf.zeros([0], 'int32') as tf.Tensor1D, 2));
      expect(a.shape).toEqual([2, 3]);
      expect(Array.from(a.data)).toEqual([0, 0, 0, 0, 0, 0]);
      const b = values(() => tf.unsortedSegmentSum(tf.ones([2, 3]), tf.tensor1d([0, 1], 'int32'), 0));
      expect(b.shape).toEqual([0, 3]);
    });
  });

  it('rejects a segmentIds shape that is not a prefix of x', async () => {
    await tf.setBackend(backend);
    expectNoLeak(() => {
      expect(() =>
        tf.tidy(() => tf.unsortedSegmentSum(tf.ones([4, 2]), tf.tensor1d([0, 1, 2], 'int32'), 3)),
      ).toThrow(/prefix/);
    });
  });
});
