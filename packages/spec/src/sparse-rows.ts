/**
 * The gradient of one embedding table for one step, restricted to the rows the step touched: what
 * `lossAndSparseGrads` (`@clrec/core`) produces and lazy optimizers (`LazyAdam`, `LazyAdagrad`)
 * consume. Host arrays, O(touched rows × width) memory, never `[numRows, width]`.
 */
export interface SparseRows {
  /** Distinct row indices, in order of first touch. */
  ids: Int32Array;
  /**
   * Summed gradient of each row in `ids`, float32 row-major `[ids.length, width]`. From
   * `lossAndSparseGrads` it is a view of a buffer reused by the next step of the same table: use it
   * (or copy it) before then.
   */
  values: Float32Array;
  /** Values per row (product of the table's dimensions after the first). */
  width: number;
  /** Rows of the whole table (every id is in `[0, numRows)`). */
  numRows: number;
}
