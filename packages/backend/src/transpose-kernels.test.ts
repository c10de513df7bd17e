import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels } from './register';
import { captureStockKernels, expectNoLeak, values, withStockKernels } from './test-helpers';
import { isLayoutPreserving } from './transpose-kernels';

const stock = captureStockKernels();

beforeAll(async () => {
  registerFastKernels();
  await tf.setBackend('cpu');
});

describe('isLayoutPreserving', () => {
  it('accepts identity and moves of size-1 dimensions only', () => {
    expect(isLayoutPreserving([3, 4], [0, 1])).toBe(true);
    expect(isLayoutPreserving([3, 1, 4], [1, 0, 2])).toBe(true);
    expect(isLayoutPreserving([3, 4], [1, 0])).toBe(false);
    expect(isLayoutPreserving([1, 4, 1, 5], [2, 1, 3, 0])).toBe(true);
  });
});

describe('fast Transpose on cpu', () => {
  it.each([
    [[3, 4], [0, 1]],
    [[3, 1, 4], [1, 0, 2]],
    [[3, 4], [1, 0]],
    [[2, 3, 4], [2, 0, 1]],
  ])('matches the stock kernel for shape %j perm %j', (shape, perm) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const run = () => values(() => tf.transpose(tf.range(0, size).reshape(shape), perm));
    const expected = withStockKernels(stock, run);
    const actual = expectNoLeak(run);
    expect(actual.shape).toEqual(expected.shape);
    expect(Array.from(actual.data)).toEqual(Array.from(expected.data));
  });

  it('shares data safely: disposing the input keeps the output valid', () => {
    expectNoLeak(() => {
      const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
      const y = tf.transpose(x, [0, 1]);
      x.dispose();
      expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
      y.dispose();
    });
  });
});
