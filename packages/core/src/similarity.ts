import * as tf from '@tensorflow/tfjs';

/** Floor on the squared norm in {@link l2Normalize}, so an all-zero vector maps to zero, not NaN. */
export const NORM_EPSILON = 1e-12;

/**
 * Scales each vector along the last axis to unit l2 norm: x / sqrt(max(‖x‖², ε)).
 * CLRec l2-normalises head embeddings, user vectors and keys (KDD App. B.2).
 * @param x float32 `[..., d]`
 * @returns float32 `[..., d]`, rows of norm 1 (or 0 for all-zero rows)
 */
export function l2Normalize<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(x), -1, true);
    return tf.mul(x, tf.rsqrt(tf.maximum(sq, NORM_EPSILON))) as T;
  });
}

/**
 * Cosine-similarity logits with temperature: φ(x, y) = ⟨f(x), g(y)⟩ / (ρ ‖f(x)‖ ‖g(y)‖) (KDD Eq. 13).
 * @param users float32 `[batch, d]`
 * @param keys float32 `[numKeys, d]`
 * @param temperature ρ > 0 (the paper uses 0.07)
 * @returns float32 `[batch, numKeys]`
 */
export function cosineLogits(users: tf.Tensor2D, keys: tf.Tensor2D, temperature: number): tf.Tensor2D {
  if (!(temperature > 0)) throw new Error(`cosineLogits: temperature must be > 0, got ${temperature}`);
  if (users.shape[1] !== keys.shape[1]) {
    throw new Error(`cosineLogits: users have d=${users.shape[1]} but keys have d=${keys.shape[1]}`);
  }
  return tf.tidy(() => tf.div(tf.matMul(l2Normalize(users), l2Normalize(keys), false, true), temperature) as tf.Tensor2D);
}
