import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { FAST_KERNELS, registerFastKernels } from './register';

/** Seeded uniform [0, 1) generator (mulberry32), for reproducible test data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random float32 values in [-1, 1). */
export function randomFloats(rnd: () => number, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rnd() * 2 - 1);
}

/** Random int32 values in [0, max). */
export function randomInts(rnd: () => number, n: number, max: number): Int32Array {
  return Int32Array.from({ length: n }, () => Math.floor(rnd() * max));
}

/** The stock kernels {@link FAST_KERNELS} replace, captured before `registerFastKernels` runs. */
export type StockKernels = tf.KernelConfig[];

/** Captures the stock kernels; call at module load, before `registerFastKernels`. */
export function captureStockKernels(): StockKernels {
  return FAST_KERNELS.filter((k) => k.replaces)
    .map((k) => tf.getKernel(k.kernelName, k.backendName) as tf.KernelConfig | undefined)
    .filter((k): k is tf.KernelConfig => k !== undefined)
    .map((k) => ({ ...k }));
}

/** Runs `fn` with the stock tfjs kernels registered instead of this package's, then restores ours. */
export function withStockKernels<T>(stock: StockKernels, fn: () => T): T {
  for (const k of stock) {
    tf.unregisterKernel(k.kernelName, k.backendName);
    tf.registerKernel(k);
  }
  try {
    return fn();
  } finally {
    registerFastKernels();
  }
}

/** Runs `fn` (inside a tidy) and returns the values of the tensor it returns, disposing everything. */
export function values(fn: () => tf.Tensor): { shape: number[]; data: Float32Array | Int32Array | Uint8Array } {
  const t = tf.tidy(fn);
  const out = { shape: t.shape.slice(), data: t.dataSync() as Float32Array | Int32Array | Uint8Array };
  t.dispose();
  return out;
}

/** Asserts that `fn` leaves no tensor and no backend data behind. */
export function expectNoLeak<T>(fn: () => T): T {
  const tensors = tf.memory().numTensors;
  const dataIds = tf.engine().backend.numDataIds();
  const result = fn();
  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.engine().backend.numDataIds()).toBe(dataIds);
  return result;
}

/** Asserts two arrays have the same length and agree within `tol` element-wise. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (Number.isNaN(d)) throw new Error(`NaN at ${i} (${actual[i]} vs ${expected[i]})`);
    if (d > worst) {
      worst = d;
      at = i;
    }
  }
  if (!(worst <= tol)) {
    throw new Error(`max |diff| ${worst} at ${at} (${actual[at]} vs ${expected[at]}) exceeds ${tol}`);
  }
}
