import * as tf from '@tensorflow/tfjs';

/**
 * The one-hot of each row's argmax (first maximum on ties), float32 `[B, H]`; all ones when H = 1
 * (tf.oneHot needs a depth of at least 2).
 */
export function argmaxOneHot(x: tf.Tensor2D): tf.Tensor2D {
  const H = x.shape[1];
  return tf.tidy(() => (H === 1 ? tf.onesLike(x) : tf.oneHot(tf.argMax(x, 1), H).toFloat()) as tf.Tensor2D);
}

/**
 * Straight-through argmax (Bengio et al. 2013; KDD Eq. 9): the forward value is the one-hot of each
 * row's argmax, the backward pass hands the incoming gradient to `probs` unchanged, as if the forward
 * had been the identity. So Σ_h ST(a)_h z_h is exactly z_{h*} in the forward pass while ∂/∂a_h receives
 * ⟨∂L/∂f, z_h⟩ — the gradient of the soft mixture Σ_h a_h z_h — letting the selector learn.
 * Ties pick the first maximum.
 * @param probs float32 `[B, H]` (selection probabilities softmax(w))
 * @returns float32 `[B, H]` one-hot rows
 */
export function straightThroughArgmax(probs: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: argmaxOneHot(args[0] as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor) => [tf.clone(dy)],
  }));
  return op(probs) as tf.Tensor2D;
}
