import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels } from './register';
import { expectNoLeak, values } from './test-helpers';

beforeAll(async () => {
  registerFastKernels();
  await tf.setBackend('wasm');
});

describe('fixed Cast on wasm', () => {
  it('casts float32 and int32 to bool as x != 0 (NaN -> true), like the CPU backend', async () => {
    const floats = [0, -3, 2, 0.5, 256, -0, Number.NaN, 1e-30];
    const ints = [0, -3, 2, 256, 1];
    const run = () => [
      values(() => tf.tensor1d(floats).cast('bool')),
      values(() => tf.tensor1d(ints, 'int32').cast('bool')),
      values(() => tf.logicalNot(tf.tensor1d(floats).cast('bool'))),
    ];
    const actual = expectNoLeak(run);
    await tf.setBackend('cpu');
    const expected = run();
    await tf.setBackend('wasm');
    expect(Array.from(actual[0]!.data)).toEqual([0, 1, 1, 1, 1, 0, 1, 1]);
    for (let i = 0; i < 3; i++) expect(Array.from(actual[i]!.data)).toEqual(Array.from(expected[i]!.data));
    expect(actual[0]!.data).toBeInstanceOf(Uint8Array);
  });

  it('leaves the other casts to the stock kernel', () => {
    expectNoLeak(() => {
      expect(Array.from(values(() => tf.tensor1d([1.7, -1.7, 3]).cast('int32')).data)).toEqual([1, -1, 3]);
      expect(Array.from(values(() => tf.tensor1d([0, 1], 'bool').cast('float32')).data)).toEqual([0, 1]);
      expect(Array.from(values(() => tf.tensor1d([0, 1], 'bool').cast('bool')).data)).toEqual([0, 1]);
      expect(Array.from(values(() => tf.tensor1d([5, -2], 'int32').cast('float32')).data)).toEqual([5, -2]);
    });
  });
});
