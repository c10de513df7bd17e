import * as tf from '@tensorflow/tfjs';
import type { Loss, LossInput } from '@clrec/spec';
import { cosineLogits } from './similarity';
import { checkKeyedInput, checkTemperature } from './loss-checks';
import { softmaxCrossEntropy } from './softmax-cross-entropy';

/** Options of {@link sampledSoftmaxLoss}. */
export interface SampledSoftmaxOptions {
  /** Temperature ρ of the cosine similarity; the paper uses 0.07. */
  temperature?: number;
}

/**
 * The logQ-corrected logits of sampled softmax: φ(x, k) − logQ[k] (+ logitMask), float32 `[B, N]`.
 * Shared by {@link sampledSoftmaxLoss} and the `sampled` base of the IPW loss. Throws if `logQ` is
 * absent. Must be called inside a tidy.
 */
export function sampledSoftmaxLogits(loss: string, input: LossInput, temperature: number): tf.Tensor2D {
  const { users, keys, logitMask, logQ } = input;
  if (!logQ) {
    throw new Error(
      `${loss}: logQ is required (log proposal probability of each key, float32 [numKeys]); ` +
        'without it the loss is the uncorrected contrastive loss — use infoNceLoss for that',
    );
  }
  let logits = tf.sub(cosineLogits(users, keys, temperature), tf.reshape(logQ, [1, -1])) as tf.Tensor2D;
  if (logitMask) logits = tf.add(logits, logitMask);
  return logits;
}

/**
 * Sampled softmax with the logQ correction, as integrated in TensorFlow (KDD Eq. 2):
 * −log( exp(φ(x,y) − log q(y)) / [exp(φ(x,y) − log q(y)) + Σ_i exp(φ(x,y_i) − log q(y_i))] ),
 * φ = cosine / temperature. Subtracting log q from the positive AND the negatives makes the sampled
 * estimate of the partition function Σ_i exp φ(x,y_i) / q(y_i) consistent, so the loss converges to the
 * exact MLE (Eq. 1) as the number of negatives grows — unlike InfoNCE (Eq. 3), which omits it and
 * thereby becomes an IPW estimator.
 *
 * Inputs: users `[B, d]`, keys `[N, d]` (positives and negatives in any layout), positives int32 `[B]`,
 * logQ float32 `[N]` (REQUIRED; natural log, must be finite), optional additive logitMask `[B, N]`
 * (e.g. {@link accidentalHitMask}). Convention: any per-batch constant added to logQ cancels in the
 * softmax, so logQ = log q(y) and TF's logQ = log(L·q(y)) (log expected count of L draws with
 * replacement) give the identical loss and gradients. Returns the mean CE over the batch (nats).
 */
export function sampledSoftmaxLoss(options: SampledSoftmaxOptions = {}): Loss {
  const temperature = options.temperature ?? 0.07;
  checkTemperature('sampledSoftmaxLoss', temperature);
  return {
    specificationVersion: 'v1',
    name: 'sampled-softmax',
    requires: { logQ: true },
    compute(input: LossInput): tf.Scalar {
      checkKeyedInput('sampled-softmax', input);
      return tf.tidy(() => {
        const logits = sampledSoftmaxLogits('sampled-softmax', input, temperature);
        return tf.mean(softmaxCrossEntropy(logits, input.positives)) as tf.Scalar;
      });
    },
  };
}
