import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './native-status';

/** The parts of the tfjs WASM backend used here. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  getMemoryOffset(dataId: object): number;
  wasm: { HEAPU8: Uint8Array };
}

const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/**
 * Geometry of a `BatchMatMul` the native path handles (`m`, `n`, `k`, batch count, output shape and
 * per-batch strides in floats), or null (then the fallback kernel runs).
 */
export function nativeMatMulPlan(aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean) {
  if (aShape.length < 2 || bShape.length < 2) return null;
  const ra = aShape.length;
  const rb = bShape.length;
  const m = transposeA ? aShape[ra - 1] : aShape[ra - 2];
  const k = transposeA ? aShape[ra - 2] : aShape[ra - 1];
  const kb = transposeB ? bShape[rb - 1] : bShape[rb - 2];
  const n = transposeB ? bShape[rb - 2] : bShape[rb - 1];
  if (k !== kb) return null;
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const batchA = prod(outerA);
  const batchB = prod(outerB);
  // Only the broadcasts that need no index arithmetic: equal batches, or one side a single matrix.
  let outer: number[];
  if (batchA === batchB) outer = outerA.length >= outerB.length ? outerA : outerB;
  else if (batchA === 1) outer = outerB;
  else if (batchB === 1) outer = outerA;
  else return null;
  if (batchA === batchB && outerA.length > 0 && outerB.length > 0 && outerA.join() !== outerB.join()) return null;
  const batch = Math.max(batchA, batchB);
  return {
    m, n, k, batch, outShape: [...outer, m, n],
    strideA: batchA === 1 ? 0 : m * k, strideB: batchB === 1 ? 0 : k * n, strideC: m * n,
  };
}

/**
 * `BatchMatMul` for the tfjs WASM backend computed by the native addon's BLAS `sgemm`, directly on the
 * WASM heap (no copies; transposed operands are passed as BLAS transpose flags). With OpenBLAS on this
 * project's machines it is 2–12× faster than the WASM kernel (e.g. the `[12800, 64]ᵀ · [12800, 64]`
 * weight gradient of the attention MLP: 8.2 ms → 0.7 ms) and uses every core. Non-float32 operands and
 * batch broadcasts other than "equal batches or a single matrix" go to `fallback`.
 * @param threads BLAS threads: `max` for products of at least `minFlops` flops per matrix, else 1
 */
export function makeBatchMatMulNative(addon: NativeAddon, fallback: KernelFunc, threads = { max: 1, minFlops: 0 }): KernelFunc {
  return (params) => {
    const { a, b } = params.inputs as { a: TensorInfo; b: TensorInfo };
    const transposeA = Boolean(params.attrs?.transposeA);
    const transposeB = Boolean(params.attrs?.transposeB);
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(params);
    const plan = nativeMatMulPlan(a.shape, b.shape, transposeA, transposeB);
    if (plan === null) return fallback(params);
    const backend = params.backend as unknown as WasmBackendLike;
    const out = backend.makeOutput(plan.outShape, 'float32');
    if (plan.batch * plan.m * plan.n === 0) return out;
    addon.gemm(
      backend.wasm.HEAPU8.buffer as ArrayBuffer, transposeA ? 1 : 0, transposeB ? 1 : 0, plan.m, plan.n, plan.k,
      backend.getMemoryOffset(a.dataId), backend.getMemoryOffset(b.dataId), backend.getMemoryOffset(out.dataId),
      plan.batch, plan.strideA, plan.strideB, plan.strideC,
      2 * plan.m * plan.n * plan.k >= threads.minFlops ? threads.max : 1,
    );
    return out;
  };
}
