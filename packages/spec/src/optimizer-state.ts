/**
 * The full state of an `Optimizer` for a checkpoint: the update count and, per parameter (keyed by
 * its stable name), the moment buffers. Host arrays, so it serialises without tfjs.
 */
export interface OptimizerState {
  /** Number of updates applied so far. */
  step: number;
  /**
   * Per-parameter moments, row-major with the parameter's shape (first moment `m`, second `v` for
   * Adam; Adagrad keeps its accumulator in `m` and leaves `v` empty).
   */
  slots: { name: string; shape: number[]; m: Float32Array; v: Float32Array }[];
}

