import type * as tf from '@tensorflow/tfjs';

/** The keys one step's loss is computed against, as produced by a `NegativeQueue`. */
export interface StepKeys {
  /** Key vectors, float32 `[numKeys, d]`. */
  keys: tf.Tensor2D;
  /** Index into `keys` of each row's positive, int32 `[batch]`. */
  positives: tf.Tensor1D;
  /** Item id of each key (for accidental-hit masks), length numKeys. */
  keyIds: Int32Array;
  /** Log proposal probability of each key (samplers; for the logQ correction), `[numKeys]`. */
  logQ?: tf.Tensor1D;
  /** Per-user negatives `[batch, k, d]` and their item ids (row-major `[batch * k]`), for negative sampling. */
  userNegatives?: { vectors: tf.Tensor3D; ids: Int32Array };
  /**
   * Additive logit mask the source requires, float32 `[batch, numKeys]` or `[1, numKeys]` (broadcast):
   * e.g. a sampler hides the other rows' positives so each row sees only its own positive and the
   * sampled negatives; the full catalog hides the padding item 0.
   */
  logitMask?: tf.Tensor2D;
}
