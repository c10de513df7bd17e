import * as tf from '@tensorflow/tfjs';
import { ROUTING_TEMPERATURE, rowCosineLogits } from './cosine-routing';
import { argmaxOneHot } from './straight-through';

/** Floor on π_h inside the log of {@link balanceLoss}, so an intention no item uses stays finite. */
export const BALANCE_EPSILON = 1e-8;

/**
 * Auxiliary loss 1 (KDD Eq. 10), polarised routing of the target: −log p_{h⁺|T} with
 * h⁺ = argmax_h p_{h|T}, averaged over the batch. Equals logsumexp_h p'_{h|T} − max_h p'_{h|T}.
 * @param targetLogits routing logits p'_{h|T} of each row's target, float32 `[B, H]`
 * @returns scalar (nats)
 */
export function routingPolarityLoss(targetLogits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sub(tf.logSumExp(targetLogits, 1), tf.max(targetLogits, 1))) as tf.Scalar);
}

/**
 * Auxiliary loss 2 (KDD Eq. 11): the intention the target routes to (h⁺) should be the intention
 * vector closest to the target: −log softmax_h(s_{h,T})[h⁺], s_{h,T} = cos(z_h, g(y_T)) / ρ, mean over the batch.
 * @param intentions z, float32 `[B, H, d]`
 * @param targets g(y_T), float32 `[B, d]`
 * @param targetLogits routing logits p'_{h|T} (only their argmax h⁺ is used; no gradient flows through it), `[B, H]`
 * @returns scalar (nats)
 */
export function intentionMatchLoss(intentions: tf.Tensor3D, targets: tf.Tensor2D, targetLogits: tf.Tensor2D, temperature = ROUTING_TEMPERATURE): tf.Scalar {
  return tf.tidy(() => {
    const s = rowCosineLogits(intentions, targets, temperature); // [B,H]
    const hPlus = argmaxOneHot(targetLogits);
    return tf.mean(tf.sub(tf.logSumExp(s, 1), tf.sum(tf.mul(s, hPlus), 1))) as tf.Scalar;
  });
}

/**
 * Auxiliary loss 3 (KDD Eq. 12), balanced intentions: Σ_h (1/H)(log(1/H) − log π_h) = KL(uniform ‖ π),
 * π_h = E_B[p_{h|t}] the mean routing probability over the items of the mini-batch. 0 when every
 * intention receives the same mass, > 0 otherwise.
 * @param routing p_{h|t} of the batch's items, float32 `[N, H]` (rows sum to 1)
 * @param weights weight of each item (1 for a real click, 0 for padding), float32 `[N]`; default all 1
 * @returns scalar (nats)
 */
export function balanceLoss(routing: tf.Tensor2D, weights?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const H = routing.shape[1];
    const w = weights ?? tf.ones([routing.shape[0]]);
    const pi = tf.div(tf.sum(tf.mul(routing, tf.expandDims(w, 1)), 0), tf.maximum(tf.sum(w), BALANCE_EPSILON));
    const logPi = tf.log(tf.maximum(pi, BALANCE_EPSILON));
    return tf.mean(tf.sub(Math.log(1 / H), logPi)) as tf.Scalar;
  });
}
