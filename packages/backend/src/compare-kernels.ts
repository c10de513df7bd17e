import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { forEachBroadcastRow } from './broadcast-rows';
import type { WasmBackendLike } from './wasm-backend-like';

/**
 * Elementwise `Equal` with broadcasting, written straight into the WASM heap. The stock WASM kernel
 * takes a slow general path when the operands' shapes differ: `[256, 2560] == [256, 1]` (the gradient
 * of `max`, used by every `logSumExp`) took ≈ 37 ms against ≈ 2.5 ms for equal shapes. Equal shapes
 * and non-numeric dtypes still use the stock kernel.
 */
export function makeEqualWasm(original?: KernelFunc): KernelFunc {
  if (!original) throw new Error('Equal (wasm): the stock kernel is required');
  return (params) => {
    const { a, b } = params.inputs as { a: TensorInfo; b: TensorInfo };
    const same = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
    if (same || a.dtype === 'string' || b.dtype === 'string') return original(params);
    const backend = params.backend as unknown as WasmBackendLike;
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = backend.makeOutput(outShape, 'bool');
    const av = backend.typedArrayFromHeap(a);
    const bv = backend.typedArrayFromHeap(b);
    const ov = backend.typedArrayFromHeap(out);
    forEachBroadcastRow(a.shape, b.shape, outShape, (o, ia, ib, n, la, lb) => {
      for (let j = 0; j < n; j++, ia += la, ib += lb) ov[o + j] = av[ia] === bv[ib] ? 1 : 0;
    });
    return out;
  };
}
