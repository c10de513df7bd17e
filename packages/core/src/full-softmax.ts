import * as tf from '@tensorflow/tfjs';
import type { Loss, LossInput } from '@clrec/spec';
import { cosineLogits } from './similarity';
import { checkKeyedInput, checkTemperature } from './loss-checks';
import { softmaxCrossEntropy } from './softmax-cross-entropy';

/** Options of {@link fullSoftmaxLoss}. */
export interface FullSoftmaxOptions {
  /** Temperature ρ of the cosine similarity; the paper uses 0.07. */
  temperature?: number;
}

/**
 * Exact maximum-likelihood loss (KDD Eq. 1): −log( exp φ(x,y) / Σ_{y'∈𝒴} exp φ(x,y') ), with φ the
 * cosine similarity over temperature and the sum over the WHOLE catalog 𝒴. The caller must pass every
 * catalog item (excluding padding) as `keys`, so the cost is O(B·|𝒴|·d) per step — the reference the
 * sampling-based losses approximate, feasible only for small catalogs. Algebraically the same as
 * InfoNCE over all items, but a separate plugin so configs and logs state the intent (exact MLE, which
 * fits the biased data distribution, vs. the IPW-like contrastive loss).
 *
 * Inputs: users `[B, d]`, keys `[N = |𝒴|, d]`, positives int32 `[B]` (index of y in keys), optional
 * additive logitMask `[B, N]`. Returns the mean CE over the batch (nats).
 */
export function fullSoftmaxLoss(options: FullSoftmaxOptions = {}): Loss {
  const temperature = options.temperature ?? 0.07;
  checkTemperature('fullSoftmaxLoss', temperature);
  return {
    specificationVersion: 'v1',
    name: 'full-softmax',
    requires: {},
    compute(input: LossInput): tf.Scalar {
      checkKeyedInput('full-softmax', input);
      const { users, keys, positives, logitMask } = input;
      return tf.tidy(() => {
        let logits = cosineLogits(users, keys, temperature);
        if (logitMask) logits = tf.add(logits, logitMask);
        return tf.mean(softmaxCrossEntropy(logits, positives)) as tf.Scalar;
      });
    },
  };
}
