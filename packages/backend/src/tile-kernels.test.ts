import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels } from './register';
import { captureStockKernels, expectNoLeak, randomInts, seeded, values, withStockKernels } from './test-helpers';

const stock = captureStockKernels();

beforeAll(async () => {
  registerFastKernels();
  await tf.setBackend('cpu');
  (tf.backend() as { firstUse?: boolean }).firstUse = false; // no "install tfjs-node" banner
});

describe('Tile (wasm, block copies) equals the stock CPU kernel', () => {
  const rnd = seeded(3);
  const cases: { shape: number[]; reps: number[]; dtype: 'float32' | 'int32' | 'bool' }[] = [
    { shape: [5, 1], reps: [1, 7], dtype: 'float32' },
    { shape: [1, 6], reps: [4, 1], dtype: 'float32' },
    { shape: [2, 3, 4], reps: [2, 1, 3], dtype: 'int32' },
    { shape: [2, 1, 3], reps: [1, 4, 1], dtype: 'bool' },
    { shape: [3], reps: [4], dtype: 'float32' },
    { shape: [], reps: [], dtype: 'float32' },
    { shape: [0, 2], reps: [3, 2], dtype: 'float32' },
  ];
  it.each(cases)('$shape × $reps ($dtype)', async (c) => {
    const n = c.shape.reduce((a, b) => a * b, 1);
    const v = randomInts(rnd, n, 5);
    const f = () => tf.tile(tf.tensor(c.dtype === 'bool' ? Uint8Array.from(v, (x) => x % 2) : v, c.shape, c.dtype), c.reps);
    await tf.setBackend('cpu');
    const cpu = withStockKernels(stock, () => values(f));
    await tf.setBackend('wasm');
    const wasm = expectNoLeak(() => values(f));
    expect(wasm.shape).toEqual(cpu.shape);
    expect(Array.from(wasm.data)).toEqual(Array.from(cpu.data));
  });

  it('broadcastTo (a Tile) of [N, 1] to [N, M]', async () => {
    await tf.setBackend('wasm');
    const r = expectNoLeak(() => values(() => tf.broadcastTo(tf.tensor2d([[1], [2]]), [2, 3])));
    expect(Array.from(r.data)).toEqual([1, 1, 1, 2, 2, 2]);
  });
});
