/**
 * Names of the tfjs kernels this project defines beyond stock tfjs, one table so the library that
 * calls a kernel (`@clrec/core`) and the backend plugin that implements it (`@clrec/backend`) spell it
 * once. A kernel is optional: callers check `tf.getKernel(name, tf.getBackend())` and fall back to
 * stock ops when the active backend has none.
 *
 * - `softmaxCrossEntropy`: inputs `{ logits: float32 [rows, cols], positives: int32 [rows] }`, outputs
 *   `[loss float32 [rows], probs float32 [rows, cols]]`: loss_r = logsumexp(logits_r) − logits_r[pos_r]
 *   (nats, max-shifted) and the row softmax, kept for the gradient.
 * - `softmaxCrossEntropyGrad`: inputs `{ probs: float32 [rows, cols], positives: int32 [rows],
 *   dy: float32 [rows] }`, output float32 `[rows, cols]` = (probs − onehot(positives)) · dy per row.
 */
export const KERNEL_NAMES = Object.freeze({
  softmaxCrossEntropy: 'ClrecSoftmaxCrossEntropy',
  softmaxCrossEntropyGrad: 'ClrecSoftmaxCrossEntropyGrad',
} as const);
