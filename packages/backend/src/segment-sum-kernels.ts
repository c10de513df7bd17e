import type { DataId, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { segmentSumInto, segmentSumShape, type NumericArray } from './segment-sum';
import type { WasmBackendLike } from './wasm-backend-like';

/** The parts of the tfjs WASM backend (`BackendWasm`) the kernel uses. */

/** The parts of the tfjs JS CPU backend (`MathBackendCPU`) the kernel uses. */
interface CpuBackendLike {
  readSync(dataId: DataId): unknown;
  makeTensorInfo(shape: number[], dtype: string, values: NumericArray): TensorInfo;
}

/** Checked inputs and geometry of one `UnsortedSegmentSum` call. */
interface SegmentSumCall {
  x: TensorInfo;
  segmentIds: TensorInfo;
  numSegments: number;
  outShape: number[];
  rowSize: number;
}

function prepare(params: Parameters<KernelFunc>[0]): SegmentSumCall {
  const x = params.inputs.x;
  const segmentIds = params.inputs.segmentIds;
  const numSegments = Number(params.attrs?.numSegments);
  if (x === undefined || segmentIds === undefined) {
    throw new Error('UnsortedSegmentSum: inputs x and segmentIds are required');
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum: x must be float32 or int32, got ${x.dtype}`);
  }
  if (segmentIds.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum: segmentIds must be int32, got ${segmentIds.dtype}`);
  }
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(`UnsortedSegmentSum: numSegments must be a non-negative integer, got ${numSegments}`);
  }
  const idsRank = segmentIds.shape.length;
  for (let i = 0; i < idsRank; i++) {
    if (segmentIds.shape[i] !== x.shape[i]) {
      throw new Error(
        `UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]`,
      );
    }
  }
  const outShape = segmentSumShape(x.shape, idsRank, numSegments);
  const rowSize = outShape.slice(1).reduce((a, b) => a * b, 1);
  return { x, segmentIds, numSegments, outShape, rowSize };
}

/**
 * `UnsortedSegmentSum` for the tfjs WASM backend (which has none in 4.22): a single JS pass over the
 * WASM heap, O(rows × rowSize). Output shape `[numSegments, ...x.shape.slice(segmentIds.rank)]`,
 * dtype of `x`; ids outside `[0, numSegments)` are ignored.
 */
export const unsortedSegmentSumWasm: KernelFunc = (params) => {
  const c = prepare(params);
  const backend = params.backend as WasmBackendLike;
  const out = backend.makeOutput(c.outShape, c.x.dtype);
  // Views are taken after the allocation above: a heap growth detaches earlier views.
  const outVals = backend.typedArrayFromHeap(out);
  const xVals = backend.typedArrayFromHeap(c.x);
  const ids = backend.typedArrayFromHeap(c.segmentIds);
  segmentSumInto(xVals, ids, outVals, c.rowSize, c.numSegments);
  return out;
};

/**
 * `UnsortedSegmentSum` for the tfjs JS CPU backend, replacing its O(segments × rows) kernel with the
 * same single pass as {@link unsortedSegmentSumWasm}.
 */
export const unsortedSegmentSumCpu: KernelFunc = (params) => {
  const c = prepare(params);
  const backend = params.backend as CpuBackendLike;
  const xVals = backend.readSync(c.x.dataId) as NumericArray;
  const ids = backend.readSync(c.segmentIds.dataId) as NumericArray;
  const size = c.numSegments * c.rowSize;
  const outVals = c.x.dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  segmentSumInto(xVals, ids, outVals, c.rowSize, c.numSegments);
  return backend.makeTensorInfo(c.outShape, c.x.dtype, outVals);
};
