import type { TensorInfo } from '@tensorflow/tfjs';
import type { NumericArray } from './segment-sum';

/**
 * The parts of the tfjs WASM backend (`BackendWasm`) the JS kernels of this package use: allocate an
 * output on the WASM heap and view a tensor's heap memory as a typed array (no copy).
 */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): NumericArray;
}
