import type { DataId, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/** The parts of the tfjs JS CPU backend used here. */
interface CpuBackendLike {
  incRef(dataId: DataId): void;
}

/**
 * True when transposing `shape` by `perm` leaves the memory layout unchanged: the dimensions larger
 * than 1 keep their relative order (the identity permutation is the common case: the gradient of
 * `tf.gather` on axis 0 transposes by `[0, 1, ...]` twice).
 */
export function isLayoutPreserving(shape: readonly number[], perm: readonly number[]): boolean {
  let last = -1;
  for (const p of perm) {
    if ((shape[p] ?? 1) === 1) continue;
    if (p < last) return false;
    last = p;
  }
  return true;
}

/**
 * Makes a `Transpose` kernel for the tfjs JS CPU backend that returns layout-preserving transposes
 * without copying (the stock kernel spends ≈ 20 ms on an identity transpose of 13,056 × 64 floats),
 * sharing the input's data like tfjs's own `Identity` kernel. Other permutations go to `fallback`.
 */
export function makeTransposeCpu(fallback?: KernelFunc): KernelFunc {
  return (params) => {
    const x = params.inputs.x as TensorInfo;
    const perm = (params.attrs?.perm ?? []) as number[];
    if (perm.length !== x.shape.length || !isLayoutPreserving(x.shape, perm) || fallback === undefined) {
      if (fallback) return fallback(params);
      throw new Error('Transpose: no stock kernel to fall back to');
    }
    (params.backend as CpuBackendLike).incRef(x.dataId);
    return { dataId: x.dataId, shape: perm.map((p) => x.shape[p] as number), dtype: x.dtype };
  };
}
