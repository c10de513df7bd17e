import type { NumericArray } from './segment-sum';

/**
 * Geometry of a gather on flat arrays: `x` viewed as `[batch, outer, dim, slice]`, indices as
 * `[batch, numIndices]`, output `[batch, outer, numIndices, slice]` (as in tfjs's
 * `collectGatherOpShapeInfo`).
 */
export interface GatherGeometry {
  /** Product of the first `batchDims` dimensions. */
  batchSize: number;
  /** Product of the dimensions between the batch dimensions and the gather axis. */
  outerSize: number;
  /** Size of the gather axis. */
  dimSize: number;
  /** Product of the dimensions after the gather axis (values copied per index). */
  sliceSize: number;
}

/**
 * Returns the position of the first index outside `[0, dimSize)`, or -1 when all are in range.
 */
export function firstIndexOutOfRange(indices: ArrayLike<number>, dimSize: number): number {
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i];
    if (!(v >= 0 && v < dimSize)) return i;
  }
  return -1;
}

/**
 * Gathers slices of `x` into `out` by row copies, O(output size). Indices must already be checked to
 * lie in `[0, dimSize)` (see {@link firstIndexOutOfRange}).
 */
export function gatherInto(
  x: NumericArray,
  indices: ArrayLike<number>,
  out: NumericArray,
  g: GatherGeometry,
): void {
  const { batchSize, outerSize, dimSize, sliceSize } = g;
  const perBatch = batchSize > 0 ? indices.length / batchSize : 0;
  let dst = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const base = (b * outerSize + o) * dimSize;
      for (let i = 0; i < perBatch; i++) {
        let src = (base + indices[b * perBatch + i]) * sliceSize;
        if (sliceSize >= 64) {
          out.set(x.subarray(src, src + sliceSize), dst);
          dst += sliceSize;
        } else {
          for (let k = 0; k < sliceSize; k++) out[dst++] = x[src++];
        }
      }
    }
  }
}
