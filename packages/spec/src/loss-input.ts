import type * as tf from '@tensorflow/tfjs';

/**
 * The inputs a `Loss` sees for one batch: user vectors, key (candidate) vectors, and where each
 * user's positive sits among the keys. The optional fields are filled by the training step when the
 * loss declares it needs them (`Loss.requires`) and the negative source produced them.
 */
export interface LossInput {
  /** User vectors f(x), float32 `[batch, d]`. */
  users: tf.Tensor2D;
  /** Key vectors g(y) of positives and negatives, float32 `[numKeys, d]`. */
  keys: tf.Tensor2D;
  /** Index into `keys` of each user's positive, int32 `[batch]`. */
  positives: tf.Tensor1D;
  /** Optional additive logit mask, float32 `[batch, numKeys]` or `[1, numKeys]` (0 keep, large negative drop). */
  logitMask?: tf.Tensor2D;
  /**
   * Log proposal probability log p_n(y) of each key, float32 `[numKeys]`, for losses that correct for
   * sampling (sampled softmax subtracts it from positive and negative logits, KDD Eq. 2).
   */
  logQ?: tf.Tensor1D;
  /** Per-user negatives g(y_k), float32 `[batch, k, d]` (negative sampling: k draws per positive). */
  userNegatives?: tf.Tensor3D;
  /** Per-example weights, float32 `[batch]` (e.g. inverse propensities for the IPW loss). */
  exampleWeights?: tf.Tensor1D;
}
