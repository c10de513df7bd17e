import * as tf from '@tensorflow/tfjs';

/**
 * Per-row softmax cross-entropy at an index: CE_i = logsumexp_j(logits[i, j]) − logits[i, positives[i]].
 * The building block of every softmax-family loss (full softmax, sampled softmax, InfoNCE, IPW); the
 * caller applies corrections (−log q, masks) to the logits before calling it. logsumexp is the stable
 * max-shifted form, so logits of ±1e9 (masked keys) are fine. Differentiable w.r.t. `logits`.
 * @param logits float32 `[batch, numKeys]` (nats, i.e. natural-log scale)
 * @param positives int32 `[batch]`, column of each row's positive
 * @returns float32 `[batch]`, CE in nats per row (≥ 0 when the positive is not masked)
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, positives: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const numKeys = logits.shape[1];
    const pos = tf.sum(tf.mul(logits, tf.oneHot(tf.cast(positives, 'int32'), numKeys)), 1);
    return tf.sub(tf.logSumExp(logits, 1), pos) as tf.Tensor1D;
  });
}
