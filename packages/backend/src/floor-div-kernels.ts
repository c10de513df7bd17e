import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { broadcastBinaryWasm } from './broadcast-rows';

/**
 * Exact `FloorDiv` of int32 tensors (with broadcasting) on `wasm`. The stock WASM kernel divides in
 * float32, so quotients of values above 2^24 are wrong: `floorDiv(64000063, 64)` gives 1000001 and
 * the remainder `x - 64·q` is −1, which then fails as a gather index. That breaks id packing such as
 * `item · buckets + bucket` (`TimeBucketItemEncoder`) for catalogs ≥ 262,144 items with 64 buckets.
 * Here the quotient is `Math.floor(a / b)` in float64, exact for every int32 pair; division by zero
 * gives 0 (TensorFlow leaves it undefined). float32 inputs use the stock kernel.
 */
export function makeFloorDivWasm(original?: KernelFunc): KernelFunc {
  if (!original) throw new Error('FloorDiv (wasm): the stock kernel is required');
  return (params) => {
    const { a, b } = params.inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype !== 'int32' || b.dtype !== 'int32') return original(params);
    return broadcastBinaryWasm(params, 'int32', (av, bv, ov, o, ia, ib, n, la, lb) => {
      for (let j = 0; j < n; j++, ia += la, ib += lb) {
        const d = bv[ib];
        ov[o + j] = d === 0 ? 0 : Math.floor(av[ia] / d);
      }
    });
  };
}
