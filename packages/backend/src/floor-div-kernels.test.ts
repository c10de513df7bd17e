import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels } from './register';
import { expectNoLeak, values } from './test-helpers';

beforeAll(async () => {
  registerFastKernels();
  await tf.setBackend('wasm');
});

describe('exact int32 FloorDiv on wasm', () => {
  it('unpacks item · 64 + bucket ids of a 1,000,000-item catalog exactly', () => {
    // 64000063 = 1000000·64 + 63 → (1000000, 63); the stock float32 division gave 1000001 and −1.
    // 63999999 = 999999·64 + 63; 1073741829 = 16777216·64 + 5 (above 2^24 · 64).
    const packed = [64000063, 63999999, 1073741829, 64, 0];
    expectNoLeak(() => {
      const q = values(() => tf.floorDiv(tf.tensor1d(packed, 'int32'), tf.scalar(64, 'int32')));
      expect(q.data).toBeInstanceOf(Int32Array);
      expect(Array.from(q.data)).toEqual([1000000, 999999, 16777216, 1, 0]);
      const r = values(() => {
        const x = tf.tensor1d(packed, 'int32');
        const nb = tf.scalar(64, 'int32');
        return tf.sub(x, tf.mul(tf.floorDiv(x, nb), nb));
      });
      expect(Array.from(r.data)).toEqual([63, 63, 5, 0, 0]);
    });
  });

  it('floors towards −∞ and broadcasts like the CPU backend', async () => {
    // floor(-7 / 2) = -4, floor(7 / -2) = -4, floor(-6 / 3) = -2; rows of a [2, 3] by [3] and by [2, 1]
    const a = [[-7, 7, -6], [9, -1, 2147483647]];
    const run = () => [
      values(() => tf.floorDiv(tf.tensor2d(a, [2, 3], 'int32'), tf.tensor1d([2, -2, 3], 'int32'))),
      values(() => tf.floorDiv(tf.tensor2d(a, [2, 3], 'int32'), tf.tensor2d([[2], [-3]], [2, 1], 'int32'))),
      values(() => tf.floorDiv(tf.scalar(-9, 'int32'), tf.scalar(4, 'int32'))),
    ];
    const actual = expectNoLeak(run);
    expect(Array.from(actual[0]!.data)).toEqual([-4, -4, -2, 4, 0, 715827882]);
    expect(Array.from(actual[1]!.data)).toEqual([-4, 3, -3, -3, 0, -715827883]);
    expect(Array.from(actual[2]!.data)).toEqual([-3]);
    await tf.setBackend('cpu');
    const expected = run();
    await tf.setBackend('wasm');
    for (let i = 0; i < 3; i++) expect(Array.from(actual[i]!.data)).toEqual(Array.from(expected[i]!.data));
  });

  it('leaves float32 to the stock kernel', () => {
    expectNoLeak(() => {
      expect(Array.from(values(() => tf.floorDiv(tf.tensor1d([7.5, -7.5]), tf.scalar(2))).data)).toEqual([3, -4]);
    });
  });
});
