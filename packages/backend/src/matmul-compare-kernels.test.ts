import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels } from './register';
import { expectClose, expectNoLeak, randomFloats, randomInts, seeded, values } from './test-helpers';

beforeAll(() => {
  registerFastKernels();
});

/** Runs `fn` on the given backend and returns its values. */
async function on(backend: string, fn: () => tf.Tensor) {
  await tf.setBackend(backend);
  return expectNoLeak(() => values(fn));
}

describe('BatchMatMul (wasm) with transposed operands', () => {
  const rnd = seeded(9);
  const cases: { name: string; a: number[]; b: number[]; tA: boolean; tB: boolean }[] = [
    { name: 'a · bᵀ (logits vs queue)', a: [6, 5], b: [7, 5], tA: false, tB: true },
    { name: 'aᵀ · b (gradient w.r.t. keys)', a: [6, 5], b: [6, 3], tA: true, tB: false },
    { name: 'aᵀ · bᵀ', a: [4, 6], b: [3, 4], tA: true, tB: true },
    { name: 'batched aᵀ · b (attention gradient)', a: [3, 5, 4], b: [3, 5, 2], tA: true, tB: false },
    { name: 'batched a · bᵀ', a: [3, 4, 5], b: [3, 2, 5], tA: false, tB: true },
    { name: 'plain (untouched path)', a: [4, 5], b: [5, 3], tA: false, tB: false },
  ];
  for (const c of cases) {
    it(`${c.name} equals the CPU backend`, async () => {
      const av = randomFloats(rnd, c.a.reduce((x, y) => x * y, 1));
      const bv = randomFloats(rnd, c.b.reduce((x, y) => x * y, 1));
      const f = () => {
        const ta: tf.Tensor = tf.tensor(av, c.a);
        const tb: tf.Tensor = tf.tensor(bv, c.b);
        return tf.matMul(ta as tf.Tensor3D, tb as tf.Tensor3D, c.tA, c.tB);
      };
      const cpu = await on('cpu', f);
      const wasm = await on('wasm', f);
      expect(wasm.shape).toEqual(cpu.shape);
      expectClose(wasm.data, cpu.data, 1e-5);
    });
  }

  it('gradients of a·bᵀ equal the CPU backend', async () => {
    const av = randomFloats(rnd, 8 * 4);
    const bv = randomFloats(rnd, 9 * 4);
    const grad = (which: 0 | 1) => () => {
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, false, true))));
      return g([tf.tensor2d(av, [8, 4]), tf.tensor2d(bv, [9, 4])])[which];
    };
    for (const w of [0, 1] as const) {
      const cpu = await on('cpu', grad(w));
      const wasm = await on('wasm', grad(w));
      expectClose(wasm.data, cpu.data, 1e-4);
    }
  });
});

describe('Equal (wasm) with broadcasting', () => {
  const rnd = seeded(4);
  const cases: { name: string; a: number[]; b: number[] }[] = [
    { name: '[N,M] == [N,1] (gradient of max)', a: [5, 7], b: [5, 1] },
    { name: '[N,M] == [1,M]', a: [5, 7], b: [1, 7] },
    { name: '[M] == [N,M]', a: [7], b: [4, 7] },
    { name: '[2,1,3] == [1,4,1]', a: [2, 1, 3], b: [1, 4, 1] },
    { name: 'scalar == [N]', a: [], b: [6] },
  ];
  for (const c of cases) {
    it(`${c.name} equals the CPU backend`, async () => {
      // small integer values so that equal elements actually occur
      const av = Float32Array.from(randomInts(rnd, c.a.reduce((x, y) => x * y, 1), 3));
      const bv = Float32Array.from(randomInts(rnd, c.b.reduce((x, y) => x * y, 1), 3));
      const f = () => tf.equal(tf.tensor(av, c.a), tf.tensor(bv, c.b));
      const cpu = await on('cpu', f);
      const wasm = await on('wasm', f);
      expect(wasm.shape).toEqual(cpu.shape);
      expect(Array.from(wasm.data)).toEqual(Array.from(cpu.data));
    });
  }
});
