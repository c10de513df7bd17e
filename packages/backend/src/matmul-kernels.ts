import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { nativeMatMulPlan } from './native-matmul-kernels';

/** The parts of the tfjs WASM backend used here. */
interface WasmBackendLike {
  disposeData(dataId: object): boolean;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * Wraps the WASM `BatchMatMul` so that transposed operands are transposed explicitly (one native
 * `Transpose`) before the untransposed native product. tfjs-backend-wasm 4.22 runs `transposeB` about
 * 7× and `transposeA` about 30× slower than a plain product of the same size (measured: 256×64 · (2560×64)ᵀ
 * 28 ms vs 4 ms; (256×2560)ᵀ · 256×64 63 ms vs 2 ms), and every matMul gradient uses those forms.
 * Results are identical up to float32 summation order. An empty inner dimension (k = 0) gives zeros
 * (the stock kernel returns uninitialised memory).
 */
export function makeBatchMatMulWasm(original?: KernelFunc): KernelFunc {
  if (!original) throw new Error('BatchMatMul (wasm): the stock kernel is required');
  return (params) => {
    const { a, b } = params.inputs as { a: TensorInfo; b: TensorInfo };
    const transposeA = Boolean(params.attrs?.transposeA);
    const transposeB = Boolean(params.attrs?.transposeB);
    const plan = nativeMatMulPlan(a.shape, b.shape, transposeA, transposeB);
    if (plan !== null && plan.k === 0) {
      const backend = params.backend as unknown as WasmBackendLike;
      const out = backend.makeOutput(plan.outShape, a.dtype);
      backend.typedArrayFromHeap(out).fill(0);
      return out;
    }
    if (!transposeA && !transposeB) return original(params);
    const transpose = tf.getKernel('Transpose', 'wasm')?.kernelFunc;
    if (!transpose) return original(params);
    const backend = params.backend as unknown as WasmBackendLike;
    const swapLast = (x: TensorInfo): TensorInfo => {
      const r = x.shape.length;
      const perm = Array.from({ length: r }, (_, i) => i);
      perm[r - 1] = r - 2;
      perm[r - 2] = r - 1;
      return transpose({ inputs: { x }, backend: params.backend, attrs: { perm } }) as TensorInfo;
    };
    const at = transposeA ? swapLast(a) : a;
    const bt = transposeB ? swapLast(b) : b;
    try {
      return original({ ...params, inputs: { ...params.inputs, a: at, b: bt }, attrs: { ...params.attrs, transposeA: false, transposeB: false } });
    } finally {
      if (at !== a) backend.disposeData(at.dataId);
      if (bt !== b) backend.disposeData(bt.dataId);
    }
  };
}
