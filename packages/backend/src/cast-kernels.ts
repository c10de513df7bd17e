import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackendLike } from './wasm-backend-like';

/**
 * Makes a `Cast` kernel for the tfjs WASM backend that fixes casts to `bool`: the stock 4.22 kernel
 * copies values into a byte array, so `cast([0.5, -3, 256], 'bool')` gives `[0, 253, 0]` instead of
 * `[1, 1, 1]` (and `logicalNot` of that is garbage). Here any non-zero value (and NaN) becomes 1, as
 * on the CPU backend and in TensorFlow. Every other cast goes to `fallback` (the stock kernel).
 */
export function makeCastWasm(fallback?: KernelFunc): KernelFunc {
  return (params) => {
    const x = params.inputs.x as TensorInfo;
    const dtype = params.attrs?.dtype as string;
    if (dtype !== 'bool' || x.dtype === 'bool' || (x.dtype !== 'float32' && x.dtype !== 'int32')) {
      if (fallback) return fallback(params);
      throw new Error(`Cast: no stock kernel for ${x.dtype} -> ${dtype}`);
    }
    const backend = params.backend as WasmBackendLike;
    const out = backend.makeOutput(x.shape, 'bool');
    // Views are taken after the allocation above: a heap growth detaches earlier views.
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
    return out;
  };
}
