/** A typed array an `UnsortedSegmentSum` can read from or write to. */
export type NumericArray = Float32Array | Int32Array | Uint8Array;

/**
 * Output shape of `UnsortedSegmentSum`: `[numSegments, ...xShape.slice(segmentIdsRank)]`.
 */
export function segmentSumShape(
  xShape: readonly number[],
  segmentIdsRank: number,
  numSegments: number,
): number[] {
  return [numSegments, ...xShape.slice(segmentIdsRank)];
}

/**
 * Single-pass segment sum on flat arrays, O(rows × rowSize): zeroes `out`, then adds row `r` of `x`
 * (`rowSize` consecutive values) into row `ids[r]` of `out`.
 *
 * Ids outside `[0, numSegments)` are ignored (their rows are dropped), as TensorFlow does for negative
 * ids and as its GPU kernel does for ids past the end (its CPU kernel raises an error instead).
 * Accumulation happens in the precision of `out` (float32 for float tensors), like TensorFlow.
 *
 * @param x - Flat input, `ids.length * rowSize` values.
 * @param ids - One segment id per row of `x`.
 * @param out - Flat output, `numSegments * rowSize` values; overwritten.
 * @param rowSize - Number of values per row (product of the trailing dimensions).
 * @param numSegments - Number of output rows.
 */
export function segmentSumInto(
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  out: NumericArray,
  rowSize: number,
  numSegments: number,
): void {
  out.fill(0);
  const rows = ids.length;
  if (rowSize === 1) {
    for (let r = 0; r < rows; r++) {
      const s = ids[r];
      if (s >= 0 && s < numSegments) out[s] += x[r];
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    const s = ids[r];
    if (!(s >= 0 && s < numSegments)) continue;
    const xo = r * rowSize;
    const oo = s * rowSize;
    for (let k = 0; k < rowSize; k++) out[oo + k] += x[xo + k];
  }
}
