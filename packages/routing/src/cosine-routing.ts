import * as tf from '@tensorflow/tfjs';
import { l2Normalize } from '@clrec/core';

/** The routing temperature ρ of Multi-CLRec (KDD Eq. 7, following MoCo). */
export const ROUTING_TEMPERATURE = 0.07;

/**
 * Prototype-based routing logits (KDD Eq. 7): p'_{h|t} = ⟨μ_h, c_t⟩ / (ρ ‖μ_h‖ ‖c_t‖). A softmax over
 * the last axis gives the routing probabilities p_{h|t}. An all-zero c (e.g. padding) gets logits 0.
 * @param prototypes μ, float32 `[H, d]`
 * @param categories c, float32 `[..., d]` (category embeddings of any batch shape S)
 * @param temperature ρ > 0 (default 0.07)
 * @returns float32 `[..., H]`
 */
export function routingLogits(prototypes: tf.Tensor2D, categories: tf.Tensor, temperature = ROUTING_TEMPERATURE): tf.Tensor {
  if (!(temperature > 0)) throw new Error(`routingLogits: temperature must be > 0, got ${temperature}`);
  const [H, d] = prototypes.shape;
  const last = categories.shape[categories.shape.length - 1];
  if (last !== d) throw new Error(`routingLogits: categories have width ${last}, prototypes ${d}`);
  return tf.tidy(() => {
    const lead = categories.shape.slice(0, -1);
    const c = tf.reshape(l2Normalize(categories), [-1, d]) as tf.Tensor2D;
    const logits = tf.div(tf.matMul(c, l2Normalize(prototypes), false, true), temperature);
    return tf.reshape(logits, [...lead, H]);
  });
}

/**
 * Cosine logits between each row's vectors and a query, over temperature ρ: used for the selector
 * w_h = ⟨m, z_h⟩ / (ρ ‖m‖ ‖z_h‖) (KDD Eq. 9) and for s_{h,T} of aux loss 2 (Eq. 11).
 * @param vectors float32 `[B, H, d]`
 * @param query float32 `[B, d]`
 * @returns float32 `[B, H]`
 */
export function rowCosineLogits(vectors: tf.Tensor3D, query: tf.Tensor2D, temperature = ROUTING_TEMPERATURE): tf.Tensor2D {
  if (!(temperature > 0)) throw new Error(`rowCosineLogits: temperature must be > 0, got ${temperature}`);
  return tf.tidy(() => {
    const v = l2Normalize(vectors);
    const q = tf.expandDims(l2Normalize(query), 2); // [B, d, 1]
    return tf.div(tf.squeeze(tf.matMul(v, q), [2]), temperature) as tf.Tensor2D;
  });
}
