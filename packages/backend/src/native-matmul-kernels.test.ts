import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBatchMatMulWasm } from './matmul-kernels';
import { nativeStatus } from './native-addon';
import { nativeMatMulPlan } from './native-matmul-kernels';
import { registerFastKernels } from './register';
import { captureStockKernels, expectClose, expectNoLeak, randomFloats, seeded, values } from './test-helpers';

const stock = captureStockKernels();
const native = nativeStatus();

beforeAll(() => {
  registerFastKernels();
});

async function on(backend: string, fn: () => tf.Tensor) {
  await tf.setBackend(backend);
  return expectNoLeak(() => values(fn));
}

/** Runs `fn` with the non-native WASM BatchMatMul (transpose + XNNPACK product) registered. */
function withWasmMatMul<T>(fn: () => T): T {
  const original = stock.find((k) => k.kernelName === 'BatchMatMul' && k.backendName === 'wasm')!;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: makeBatchMatMulWasm(original.kernelFunc) });
  try {
    return fn();
  } finally {
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel(original);
    registerFastKernels();
  }
}

describe('nativeMatMulPlan', () => {
  it('computes m, n, k, batch and strides, and declines what it cannot broadcast cheaply', () => {
    expect(nativeMatMulPlan([6, 5], [7, 5], false, true)).toEqual({ m: 6, n: 7, k: 5, batch: 1, outShape: [6, 7], strideA: 0, strideB: 0, strideC: 42 });
    expect(nativeMatMulPlan([3, 5, 4], [3, 5, 2], true, false)).toEqual({ m: 4, n: 2, k: 5, batch: 3, outShape: [3, 4, 2], strideA: 20, strideB: 10, strideC: 8 });
    expect(nativeMatMulPlan([2, 3, 4], [4, 6], false, false)).toMatchObject({ batch: 2, outShape: [2, 3, 6], strideB: 0 });
    expect(nativeMatMulPlan([1, 3, 4], [5, 4, 6], false, false)).toMatchObject({ batch: 5, outShape: [5, 3, 6], strideA: 0 });
    expect(nativeMatMulPlan([2, 3, 4], [3, 4, 6], false, false)).toBeNull(); // 2 vs 3: needs index arithmetic
    expect(nativeMatMulPlan([2, 3, 3, 4], [3, 2, 4, 6], false, false)).toBeNull(); // same count, different dims
    expect(nativeMatMulPlan([3, 4], [5, 6], false, false)).toBeNull(); // inner sizes differ: the stock kernel reports it
  });
});

describe('BatchMatMul on wasm (native GEMM when the addon is built, else transpose + XNNPACK) equals the CPU backend', () => {
  const rnd = seeded(21);
  const cases: { name: string; a: number[]; b: number[]; tA: boolean; tB: boolean }[] = [
    { name: 'a · bᵀ', a: [33, 17], b: [29, 17], tA: false, tB: true },
    { name: 'aᵀ · b', a: [40, 9], b: [40, 8], tA: true, tB: false },
    { name: 'aᵀ · bᵀ', a: [7, 11], b: [5, 7], tA: true, tB: true },
    { name: 'batched (attention pooling)', a: [4, 8, 12], b: [4, 12, 16], tA: false, tB: false },
    { name: 'batched aᵀ · b', a: [4, 12, 8], b: [4, 12, 16], tA: true, tB: false },
    { name: 'batched a · bᵀ', a: [3, 8, 16], b: [3, 12, 16], tA: false, tB: true },
    { name: 'broadcast b', a: [2, 3, 5, 6], b: [6, 4], tA: false, tB: false },
    { name: 'broadcast a', a: [1, 5, 6], b: [3, 6, 4], tA: false, tB: false },
    { name: 'k = 0', a: [3, 0], b: [0, 2], tA: false, tB: false },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const av = randomFloats(rnd, c.a.reduce((x, y) => x * y, 1));
      const bv = randomFloats(rnd, c.b.reduce((x, y) => x * y, 1));
      const f = () => {
        const ta: tf.Tensor = tf.tensor(av, c.a);
        const tb: tf.Tensor = tf.tensor(bv, c.b);
        return tf.matMul(ta as tf.Tensor3D, tb as tf.Tensor3D, c.tA, c.tB);
      };
      const cpu = await on('cpu', f);
      const fast = await on('wasm', f);
      expect(fast.shape).toEqual(cpu.shape);
      expectClose(fast.data, cpu.data, 1e-5);
      const plain = withWasmMatMul(() => expectNoLeak(() => values(f)));
      expectClose(plain.data, cpu.data, 1e-5);
    });
  }

  it.runIf(native.addon !== null)('uses the native kernel whenever the addon is loaded (bundled GEMM, no BLAS needed)', async () => {
    // A float32 BatchMatMul of a shape the plan accepts goes to the addon's gemm.
    await tf.setBackend('wasm');
    const addon = native.addon!;
    const gemm = addon.gemm;
    let calls = 0;
    addon.gemm = (...args) => {
      calls++;
      gemm(...args);
    };
    let big: tf.Tensor;
    try {
      big = tf.tidy(() => tf.matMul(tf.ones([64, 300]), tf.ones([300, 32]), false, false));
    } finally {
      addon.gemm = gemm;
    }
    expect(calls).toBe(1);
    expect(native.threads).toBeGreaterThanOrEqual(1);
    expect(big.dataSync()[0]).toBe(300);
    big.dispose();
  });
});
