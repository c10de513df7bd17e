import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstIndexOutOfRange } from './gather';
import { makeGatherCpu, makeGatherWasm } from './gather-kernels';
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

interface Case {
  name: string;
  shape: number[];
  idsShape: number[];
  axis: number;
  batchDims: number;
  dtype: 'float32' | 'int32' | 'bool';
}

const cases: Case[] = [
  { name: '1-D', shape: [30], idsShape: [50], axis: 0, batchDims: 0, dtype: 'float32' },
  { name: 'rows (embedding lookup), N-D ids', shape: [100, 64], idsShape: [8, 9], axis: 0, batchDims: 0, dtype: 'float32' },
  { name: 'short rows', shape: [100, 5], idsShape: [40], axis: 0, batchDims: 0, dtype: 'float32' },
  { name: 'axis 1', shape: [4, 20, 3], idsShape: [2, 6], axis: 1, batchDims: 0, dtype: 'float32' },
  { name: 'last axis', shape: [3, 4, 10], idsShape: [7], axis: -1, batchDims: 0, dtype: 'int32' },
  { name: 'batchDims 1', shape: [5, 12, 4], idsShape: [5, 6], axis: 1, batchDims: 1, dtype: 'float32' },
  { name: 'bool', shape: [20, 3], idsShape: [15], axis: 0, batchDims: 0, dtype: 'bool' },
];

function gather(c: Case, x: Float32Array, ids: Int32Array) {
  return values(() => {
    const t = tf.tensor(x, c.shape).cast(c.dtype);
    return tf.gather(t, tf.tensor(ids, c.idsShape, 'int32'), c.axis, c.batchDims);
  });
}

beforeAll(() => {
  registerFastKernels();
});

describe.each(['wasm', 'cpu'])('fast GatherV2 on %s', (backend) => {
  it.each(cases)('matches the stock CPU kernel: $name', async (c) => {
    const rnd = seeded(c.shape.reduce((a, b) => a * b, 1) + c.axis);
    const axis = c.axis < 0 ? c.shape.length + c.axis : c.axis;
    const x = randomFloats(rnd, c.shape.reduce((a, b) => a * b, 1)).map((v) => Math.round(v * 10));
    const ids = randomInts(rnd, c.idsShape.reduce((a, b) => a * b, 1), c.shape[axis] as number);
    await tf.setBackend('cpu');
    const expected = withStockKernels(stock, () => gather(c, x, ids));
    await tf.setBackend(backend);
    const actual = expectNoLeak(() => gather(c, x, ids));
    expect(actual.shape).toEqual(expected.shape);
    expect(actual.data.constructor).toBe(expected.data.constructor);
    expectClose(actual.data, expected.data, 0);
  });

  it('matches the stock gradient through gather on axis 1', async () => {
    const rnd = seeded(5);
    const x = randomFloats(rnd, 6 * 10 * 4);
    const ids = randomInts(rnd, 12, 10);
    const grad = () =>
      values(() =>
        tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor1d(ids, 'int32'), 1))))(
          tf.tensor(x, [6, 10, 4]),
        ),
      );
    await tf.setBackend('cpu');
    const expected = withStockKernels(stock, grad);
    await tf.setBackend(backend);
    expectClose(expectNoLeak(grad).data, expected.data, 1e-5);
  });

  it('throws on an out-of-range index without leaking', async () => {
    await tf.setBackend(backend);
    const x = tf.ones([4, 2]);
    expectNoLeak(() => {
      expect(() => tf.tidy(() => tf.gather(x, tf.tensor1d([0, 4], 'int32')))).toThrow(
        'GatherV2: the index value 4 is not in [0, 3]',
      );
      expect(() => tf.tidy(() => tf.gather(x, tf.tensor1d([-1], 'int32')))).toThrow(/-1 is not in/);
    });
    x.dispose();
  });

  it('gathers from an empty index list', async () => {
    await tf.setBackend(backend);
    expectNoLeak(() => {
      const r = values(() => tf.gather(tf.ones([4, 2]), tf.tensor1d([], 'int32')));
      expect(r.shape).toEqual([0, 2]);
    });
  });
});

describe('GatherV2 fallback', () => {
  it('hands dtypes it does not handle to the stock kernel', () => {
    // tf.gather only lets numeric tensors through, so this path is reached by direct kernel calls.
    const calls: string[] = [];
    const fallback: tf.KernelFunc = (p) => {
      calls.push((p.inputs.x as tf.TensorInfo).dtype);
      return p.inputs.x as tf.TensorInfo;
    };
    const x = { dataId: {}, shape: [2], dtype: 'string' } as tf.TensorInfo;
    const indices = { dataId: {}, shape: [1], dtype: 'int32' } as tf.TensorInfo;
    for (const make of [makeGatherCpu, makeGatherWasm]) {
      make(fallback)({ inputs: { x, indices }, backend: {}, attrs: { axis: 0, batchDims: 0 } });
    }
    expect(calls).toEqual(['string', 'string']);
    expect(() =>
      makeGatherCpu()({ inputs: { x, indices }, backend: {}, attrs: { axis: 0, batchDims: 0 } }),
    ).toThrow(/unsupported dtypes/);
  });

  it('finds the first out-of-range index', () => {
    expect(firstIndexOutOfRange([0, 1, 2], 3)).toBe(-1);
    expect(firstIndexOutOfRange([0, 3, -1], 3)).toBe(1);
  });
});
