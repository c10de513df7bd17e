import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from './native-addon';
import { leadingAxes } from './native-elementwise-kernels';
import { registerFastKernels } from './register';
import { captureStockKernels, expectClose, expectNoLeak, randomFloats, randomInts, seeded, values, withStockKernels } from './test-helpers';

const stock = captureStockKernels();

beforeAll(() => {
  registerFastKernels();
});

/** `fn` on the stock CPU backend (reference) and on wasm with this package's kernels. */
async function both(fn: () => tf.Tensor) {
  await tf.setBackend('cpu');
  const cpu = withStockKernels(stock, () => values(fn));
  await tf.setBackend('wasm');
  const wasm = expectNoLeak(() => values(fn));
  expect(wasm.shape).toEqual(cpu.shape);
  return { cpu, wasm };
}

describe('leadingAxes', () => {
  it('accepts only a leading prefix of the axes, not all of them', () => {
    expect(leadingAxes(0, [4, 5])).toBe(1);
    expect(leadingAxes([1, 0], [2, 3, 4])).toBe(2);
    expect(leadingAxes([-3], [2, 3, 4])).toBe(1);
    expect(leadingAxes(1, [4, 5])).toBe(-1);
    expect(leadingAxes([0, 2], [2, 3, 4])).toBe(-1);
    expect(leadingAxes([0, 1], [4, 5])).toBe(-1); // a full sum: the stock kernel is fine
    expect(leadingAxes(undefined, [4, 5])).toBe(-1);
  });
});

describe(`wasm Exp, Tanh, Sum, UnsortedSegmentSum, Identity (${nativeStatus().addon ? 'native addon' : 'no native addon: stock/JS paths'}) equal the CPU backend`, () => {
  const rnd = seeded(5);
  it.each(['exp', 'tanh'] as const)('%s, including large and masked (-1e9) values', async (op) => {
    const v = randomFloats(rnd, 1003).map((x) => x * 12);
    v.set([-1e9, 88, -88, 0, 30, -30]);
    const { cpu, wasm } = await both(() => tf[op](tf.tensor1d(v)));
    for (let i = 0; i < v.length; i++) {
      const a = wasm.data[i];
      const b = cpu.data[i];
      if (!(Math.abs(a - b) <= 2e-6 * Math.max(1, Math.abs(b)))) throw new Error(`${op}(${v[i]}) = ${a}, expected ${b}`);
    }
  });

  it.each([
    { shape: [300, 7], axis: 0, keepDims: false },
    { shape: [300, 7], axis: 0, keepDims: true },
    { shape: [6, 5, 4], axis: [0, 1], keepDims: false },
    { shape: [6, 5, 4], axis: [1, 0], keepDims: true },
    { shape: [6, 5, 4], axis: 2, keepDims: false },
    { shape: [6, 5, 4], axis: [0, 2], keepDims: false },
    { shape: [30, 4], axis: [0, 1], keepDims: false },
    { shape: [0, 4], axis: 0, keepDims: false },
  ])('sum over $axis of $shape (keepDims $keepDims)', async ({ shape, axis, keepDims }) => {
    const v = randomFloats(rnd, shape.reduce((a, b) => a * b, 1));
    const { cpu, wasm } = await both(() => tf.sum(tf.tensor(v, shape), axis, keepDims));
    expectClose(wasm.data, cpu.data, 1e-4);
  });

  it('sums int32 over a leading axis (stock path)', async () => {
    const v = randomInts(rnd, 40, 9);
    const { cpu, wasm } = await both(() => tf.sum(tf.tensor2d(v, [10, 4], 'int32'), 0));
    expect(Array.from(wasm.data)).toEqual(Array.from(cpu.data));
  });

  it('segment-sums float rows, dropping ids out of range', async () => {
    const x = randomFloats(rnd, 50 * 6);
    const ids = Int32Array.from(randomInts(rnd, 50, 9), (v, i) => (i % 7 === 0 ? -1 : i % 11 === 0 ? 12 : v));
    const { cpu, wasm } = await both(() => tf.unsortedSegmentSum(tf.tensor2d(x, [50, 6]), tf.tensor1d(ids, 'int32'), 9));
    expectClose(wasm.data, cpu.data, 1e-5);
  });

  it('Identity shares the buffer and frees it only with the last tensor', async () => {
    await tf.setBackend('wasm');
    expectNoLeak(() => {
      const a = tf.tensor1d([1, 2, 3]);
      const b = tf.clone(a);
      a.dispose();
      expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
      const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.clone(t), t)))(tf.tensor1d([2, -1])));
      expect(Array.from(g.dataSync())).toEqual([4, -2]);
      tf.dispose([b, g]);
    });
  });
});
