import * as tf from '@tensorflow/tfjs';
import type { Loss, LossInput } from '@clrec/spec';
import { cosineLogits } from './similarity';
import { checkKeyedInput, checkTemperature } from './loss-checks';
import { softmaxCrossEntropy } from './softmax-cross-entropy';
import { sampledSoftmaxLogits } from './sampled-softmax';

/** Options of {@link ipwLoss}. */
export interface IpwOptions {
  /** Temperature ρ of the cosine similarity; the paper uses 0.07. */
  temperature?: number;
  /**
   * Softmax the weights multiply: `full` (default) = CE over the given keys as they are (pass the whole
   * catalog for the exact Eq. 4); `sampled` = logQ-corrected sampled softmax (requires `logQ`).
   */
  base?: 'full' | 'sampled';
}

/**
 * Inverse propensity weighted loss (KDD Eq. 4): −(1/q(y|x)) · log p_θ(y|x), the explicit two-stage
 * debiasing baseline that CLRec's contrastive loss approximates implicitly (Theorem 1). Computes
 *   loss = mean_i w̃_i · CE_i,   w̃_i = w_i / mean_j w_j,
 * with CE_i the softmax CE of row i over the keys (minus logQ when `base` is `sampled`) and
 * w = `exampleWeights` (REQUIRED, float32 `[B]`, non-negative, positive sum; e.g. the per-item
 * {@link inversePropensityWeights} gathered at each positive). The weights are self-normalised per batch
 * (w̃ has batch mean 1) because raw 1/q spans orders of magnitude: the normalisation keeps the loss scale
 * and effective learning rate stable across batches and cuts the variance of the gradient estimate, at
 * the price of a small bias (the ratio estimator). Weights are data, not parameters: callers differentiate w.r.t. users/keys only.
 *
 * Inputs: users `[B, d]`, keys `[N, d]`, positives int32 `[B]`, exampleWeights `[B]`, optional logitMask
 * `[B, N]`, logQ `[N]` (required for `sampled`). Returns a scalar (nats).
 */
export function ipwLoss(options: IpwOptions = {}): Loss {
  const temperature = options.temperature ?? 0.07;
  const base = options.base ?? 'full';
  checkTemperature('ipwLoss', temperature);
  if (base !== 'full' && base !== 'sampled') throw new Error(`ipwLoss: base must be 'full' or 'sampled', got ${String(base)}`);
  return {
    specificationVersion: 'v1',
    name: 'ipw',
    requires: base === 'sampled' ? { exampleWeights: true, logQ: true } : { exampleWeights: true },
    compute(input: LossInput): tf.Scalar {
      checkKeyedInput('ipw', input);
      const { users, keys, positives, logitMask, exampleWeights } = input;
      if (!exampleWeights) {
        throw new Error('ipw: exampleWeights is required (float32 [batch], e.g. clipped inverse propensities 1/q(y) of each positive)');
      }
      return tf.tidy(() => {
        let logits: tf.Tensor2D;
        if (base === 'sampled') {
          logits = sampledSoftmaxLogits('ipw', input, temperature);
        } else {
          logits = cosineLogits(users, keys, temperature);
          if (logitMask) logits = tf.add(logits, logitMask);
        }
        const ce = softmaxCrossEntropy(logits, positives);
        const w = exampleWeights;
        // mean_i (w_i / mean w) CE_i = Σ_i w_i CE_i / Σ_i w_i
        return tf.div(tf.sum(tf.mul(w, ce)), tf.maximum(tf.sum(w), 1e-12)) as tf.Scalar;
      });
    },
  };
}
