import * as tf from '@tensorflow/tfjs';
import type { DataType, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NumericArray } from './segment-sum';
import type { WasmBackendLike } from './wasm-backend-like';

/** The argument of a tfjs kernel function. */
type KernelParams = Parameters<KernelFunc>[0];

/** Strides of `shape` broadcast to `outShape` (0 on broadcast dimensions), in elements. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const r = outShape.length;
  const strides = new Array<number>(r).fill(0);
  let s = 1;
  for (let i = shape.length - 1, o = r - 1; i >= 0; i--, o--) {
    strides[o] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/**
 * Visits a broadcast binary operation row by row (a row = the last output dimension), so that a
 * kernel's inner loop stays a plain indexed loop: `row(o, ia, ib, n, la, lb)` must fill output
 * elements `o .. o + n - 1` from `a[ia + j * la]` and `b[ib + j * lb]`. Shapes follow numpy
 * broadcasting; `outShape` is their broadcast shape (a scalar output is one row of one element).
 */
export function forEachBroadcastRow(
  aShape: readonly number[],
  bShape: readonly number[],
  outShape: readonly number[],
  row: (o: number, ia: number, ib: number, n: number, la: number, lb: number) => void,
): void {
  const r = outShape.length;
  const size = outShape.reduce((x, y) => x * y, 1);
  if (size === 0) return;
  if (r === 0) {
    row(0, 0, 0, 1, 0, 0);
    return;
  }
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const last = outShape[r - 1];
  const idx = new Array<number>(r).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < size; o += last) {
    row(o, ia, ib, last, sa[r - 1], sb[r - 1]);
    // advance the odometer over the leading dimensions
    for (let d = r - 2; d >= 0; d--) {
      idx[d]++;
      ia += sa[d];
      ib += sb[d];
      if (idx[d] < outShape[d]) break;
      ia -= sa[d] * outShape[d];
      ib -= sb[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

/** One output row of a broadcast binary kernel: fill `out[o .. o + n - 1]` from `a[ia + j·la]`, `b[ib + j·lb]`. */
export type BinaryRowKernel = (a: NumericArray, b: NumericArray, out: NumericArray, o: number, ia: number, ib: number, n: number, la: number, lb: number) => void;

/**
 * Runs a broadcast binary operation straight on the WASM heap: allocates the `[broadcast shape]`
 * output of `dtype` and calls `row` for each of its rows (see {@link forEachBroadcastRow}).
 */
export function broadcastBinaryWasm(params: KernelParams, dtype: DataType, row: BinaryRowKernel): TensorInfo {
  const { a, b } = params.inputs as { a: TensorInfo; b: TensorInfo };
  const backend = params.backend as unknown as WasmBackendLike;
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const out = backend.makeOutput(outShape, dtype);
  const av = backend.typedArrayFromHeap(a);
  const bv = backend.typedArrayFromHeap(b);
  const ov = backend.typedArrayFromHeap(out);
  forEachBroadcastRow(a.shape, b.shape, outShape, (o, ia, ib, n, la, lb) => row(av, bv, ov, o, ia, ib, n, la, lb));
  return out;
}
