import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './native-status';
import { segmentSumShape } from './segment-sum';

/** The parts of the tfjs WASM backend used here. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  getMemoryOffset(dataId: object): number;
  incRef(dataId: object): void;
  wasm: { HEAPU8: Uint8Array };
}

const heapOf = (b: WasmBackendLike) => b.wasm.HEAPU8.buffer as ArrayBuffer;
const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Native unary ops: the addon's op code of each tfjs kernel. */
export const NATIVE_UNARY_OPS = Object.freeze({ Exp: 0, Tanh: 1 } as const);

/**
 * A float32 unary kernel (`Exp`, `Tanh`) for the WASM backend computed by the native addon with
 * vectorised libm (glibc's libmvec when the build found it): ≈ 8× faster than the scalar WASM
 * kernels on `[256, 2560]` logits or `[12800, 64]` activations. Other dtypes go to `fallback`.
 */
export function makeUnaryNative(addon: NativeAddon, op: keyof typeof NATIVE_UNARY_OPS, fallback: KernelFunc): KernelFunc {
  const code = NATIVE_UNARY_OPS[op];
  return (params) => {
    const x = params.inputs.x as TensorInfo;
    if (x.dtype !== 'float32') return fallback(params);
    const backend = params.backend as unknown as WasmBackendLike;
    const out = backend.makeOutput(x.shape, 'float32');
    const n = sizeOf(x.shape);
    if (n > 0) addon.unary(heapOf(backend), code, backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), n);
    return out;
  };
}

/** The reduced axes of a `Sum` as a leading prefix `[0, k)` with 0 < k < rank, or -1 (k) when not. */
export function leadingAxes(axis: number | number[] | undefined, shape: readonly number[]): number {
  const axes = [...new Set(tf.util.parseAxisParam(axis ?? [], [...shape]))].sort((a, b) => a - b);
  if (axes.length === 0 || axes.length >= shape.length) return -1;
  return axes.every((a, i) => a === i) ? axes.length : -1;
}

/**
 * `Sum` over leading axes (e.g. the bias gradient: `[12800, 64]` summed over axis 0) on the WASM
 * backend, as one native pass over rows; the stock kernel transposes the input first (≈ 5 ms there
 * against ≈ 0.3 ms). Sums over trailing axes, full sums and non-float32 inputs go to `fallback`.
 */
export function makeSumNative(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (params) => {
    const x = params.inputs.x as TensorInfo;
    const k = x.dtype === 'float32' ? leadingAxes(params.attrs?.axis as number | number[] | undefined, x.shape) : -1;
    if (k < 0) return fallback(params);
    const keep = Boolean(params.attrs?.keepDims);
    const outShape = keep ? x.shape.map((d, i) => (i < k ? 1 : d)) : x.shape.slice(k);
    const backend = params.backend as unknown as WasmBackendLike;
    const out = backend.makeOutput(outShape, 'float32');
    const cols = sizeOf(x.shape.slice(k));
    const rows = sizeOf(x.shape.slice(0, k));
    if (cols > 0) addon.colsum(heapOf(backend), backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), rows, cols);
    return out;
  };
}

/**
 * `UnsortedSegmentSum` (gather's gradient) on the WASM backend as one native pass, for float32 data;
 * int32 data goes to `fallback` (the JS kernel). Same semantics: ids outside `[0, numSegments)` are
 * dropped. Segment ids must be a prefix of x's shape (checked by the fallback's validation otherwise).
 */
export function makeSegmentSumNative(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (params) => {
    const { x, segmentIds } = params.inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const numSegments = Number(params.attrs?.numSegments);
    const idsRank = segmentIds?.shape.length ?? 0;
    const prefix = x !== undefined && segmentIds !== undefined && segmentIds.shape.every((d, i) => d === x.shape[i]);
    if (!prefix || x.dtype !== 'float32' || segmentIds.dtype !== 'int32' || !Number.isInteger(numSegments) || numSegments < 0) {
      return fallback(params);
    }
    const outShape = segmentSumShape(x.shape, idsRank, numSegments);
    const width = sizeOf(outShape.slice(1));
    const rows = sizeOf(segmentIds.shape);
    const backend = params.backend as unknown as WasmBackendLike;
    const out = backend.makeOutput(outShape, 'float32');
    if (numSegments * width > 0) {
      addon.segsum(heapOf(backend), backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(segmentIds.dataId),
        backend.getMemoryOffset(out.dataId), rows, width, numSegments);
    }
    return out;
  };
}

/**
 * `Identity` on the WASM backend without a copy: the output shares the input's buffer (reference
 * counted, as tfjs's own `Reshape` and the JS CPU backend's `Identity` do). The stock kernel copies,
 * and gradients pass many tensors through it (≈ 3 ms a step on the workload).
 */
export const identityWasm: KernelFunc = (params) => {
  const x = params.inputs.x as TensorInfo;
  (params.backend as unknown as WasmBackendLike).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};
