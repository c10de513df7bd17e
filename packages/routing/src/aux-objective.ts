import * as tf from '@tensorflow/tfjs';
import type { ItemEncoder } from '@clrec/core';
import { balanceLoss, intentionMatchLoss, routingPolarityLoss } from './aux-losses';
import type { IntentForward, MultiIntentEncoder } from './multi-intent-encoder';

/** The three auxiliary losses of one batch (scalars, nats) and their weighted sum. */
export interface AuxLosses {
  /** Eq. 10, −log p_{h⁺|T}. */
  aux1: tf.Scalar;
  /** Eq. 11, −log softmax_h(s_{h,T})[h⁺]. */
  aux2: tf.Scalar;
  /** Eq. 12, KL(uniform ‖ π) over the batch's clicks and targets. */
  aux3: tf.Scalar;
  /** λ₁ aux1 + λ₂ aux2 + λ₃ aux3. */
  total: tf.Scalar;
}

/** Options of {@link multiIntentAuxLosses}. */
export interface AuxLossOptions {
  /** [λ₁, λ₂, λ₃], default [1, 1, 1] (the paper's). */
  weights?: [number, number, number];
  /** Label-side item encoder for g(y_T) in aux 2 (default: the encoder's history item encoder). */
  labelEncoder?: ItemEncoder;
}

/**
 * Multi-CLRec's auxiliary losses for a batch (KDD §3.2) from a forward pass of `encoder` and the
 * batch's targets y_T: aux1 on the routing of the targets' categories, aux2 between the intention
 * vectors and g(y_T), aux3 on π_h = the mean routing probability over every real history click and
 * every target of the batch. The paper sets λ₁ = λ₂ = λ₃ = 1. Call inside the step's tidy / gradient scope.
 * @param targets dense ids of the targets y_T, int32 `[B]`
 */
export function multiIntentAuxLosses(
  encoder: MultiIntentEncoder, forward: IntentForward, targets: tf.Tensor1D, options: AuxLossOptions = {},
): AuxLosses {
  const weights = options.weights ?? [1, 1, 1];
  const targetLogits = encoder.routeLogits(targets) as tf.Tensor2D; // [B,H]
  const aux1 = routingPolarityLoss(targetLogits);
  const g = (options.labelEncoder ?? encoder.item).encode(targets) as tf.Tensor2D;
  const aux2 = intentionMatchLoss(forward.intentions, g, targetLogits, encoder.temperature);
  const [B, T, H] = forward.routing.shape;
  const routing = tf.concat([tf.reshape(forward.routing, [B * T, H]), tf.softmax(targetLogits)], 0) as tf.Tensor2D;
  const itemWeights = tf.concat([tf.reshape(forward.mask, [B * T]), tf.ones([B])], 0) as tf.Tensor1D;
  const aux3 = balanceLoss(routing, itemWeights);
  const total = tf.addN([tf.mul(aux1, weights[0]), tf.mul(aux2, weights[1]), tf.mul(aux3, weights[2])]) as tf.Scalar;
  return { aux1, aux2, aux3, total };
}
