import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NumericArray } from './segment-sum';
import type { WasmBackendLike } from './wasm-backend-like';

/**
 * Tiles `x` (shape `inShape`) by `reps` into `out`, row by row: each output row (last dimension) is
 * the matching input row repeated (`fill` when that row is a single value), so the cost is one pass
 * over the output with block copies instead of per-element index arithmetic.
 */
export function tileInto(x: NumericArray, inShape: readonly number[], reps: readonly number[], out: NumericArray): void {
  const r = inShape.length;
  if (r === 0) {
    out.fill(x[0] ?? 0);
    return;
  }
  const outShape = inShape.map((d, i) => d * reps[i]);
  const inner = inShape[r - 1];
  const outInner = outShape[r - 1];
  const rows = outShape.slice(0, -1).reduce((a, b) => a * b, 1);
  if (inner === 0 || rows === 0 || outInner === 0) return;
  const inStrides = new Array<number>(r).fill(1);
  for (let i = r - 2; i >= 0; i--) inStrides[i] = inStrides[i + 1] * inShape[i + 1];
  const idx = new Array<number>(Math.max(0, r - 1)).fill(0);
  let dst = 0;
  for (let row = 0; row < rows; row++) {
    let src = 0;
    for (let d = 0; d < r - 1; d++) src += (idx[d] % inShape[d]) * inStrides[d];
    if (inner === 1) out.fill(x[src], dst, dst + outInner);
    else {
      const block = x.subarray(src, src + inner);
      for (let k = 0; k < outInner; k += inner) out.set(block, dst + k);
    }
    dst += outInner;
    for (let d = r - 2; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
}

/**
 * `Tile` for the tfjs WASM backend by block copies ({@link tileInto}); the stock 4.22 kernel takes
 * ≈ 4 ms to broadcast `[12800, 1]` to `[12800, 64]` (it is what `broadcastTo` and many gradients run).
 * Dtypes other than float32/int32/bool go to `fallback`.
 */
export function makeTileWasm(fallback?: KernelFunc): KernelFunc {
  return (params) => {
    const x = params.inputs.x as TensorInfo;
    const reps = (params.attrs?.reps ?? []) as number[];
    if (!['float32', 'int32', 'bool'].includes(x.dtype) || reps.length !== x.shape.length) {
      if (fallback) return fallback(params);
      throw new Error(`Tile: unsupported input ${x.dtype} [${x.shape}] with reps [${reps}]`);
    }
    const backend = params.backend as WasmBackendLike;
    const out = backend.makeOutput(x.shape.map((d, i) => d * reps[i]), x.dtype);
    // Views are taken after the allocation above: a heap growth detaches earlier views.
    tileInto(backend.typedArrayFromHeap(x), x.shape, reps, backend.typedArrayFromHeap(out));
    return out;
  };
}
