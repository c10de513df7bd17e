import * as tf from '@tensorflow/tfjs';
import type { Loss, LossInput } from '@clrec/spec';
import { cosineLogits, l2Normalize } from './similarity';
import { checkKeyedInput, checkTemperature } from './loss-checks';

/** Options of {@link negativeSamplingLoss}. */
export interface NegativeSamplingOptions {
  /** Temperature ρ of the cosine similarity; the paper uses 0.07. */
  temperature?: number;
}

/**
 * Negative sampling (Mikolov et al.; KDD App. B.3): a binary cross-entropy that scores the positive
 * as "clicked" and k per-user sampled items as "not clicked", each independently (a multivariate
 * Bernoulli model rather than a softmax). Per user i:
 *   ℓ_i = −log σ(s(x_i, y⁺_i)) − Σ_k log σ(−s(x_i, y_ik)),   s = cosine / temperature,
 * computed in the stable forms −log σ(s) = softplus(−s), −log σ(−s) = softplus(s). Returns mean_i ℓ_i
 * (nats; the negatives are summed, not averaged, per the original objective).
 *
 * Inputs: users `[B, d]`; keys `[N, d]` with positives int32 `[B]` selecting y⁺_i = keys[positives[i]];
 * userNegatives `[B, k, d]` (REQUIRED; draw them e.g. with {@link degreeSampler}, q ∝ degree^0.75);
 * optional logitMask of shape `[B, k]` (NOT `[B, N]`) added to the negative logits — a masked negative
 * (−1e9) contributes softplus(−1e9) = 0, use {@link accidentalHitMaskPerUser} to drop draws equal to the
 * positive. logQ and exampleWeights are ignored.
 */
export function negativeSamplingLoss(options: NegativeSamplingOptions = {}): Loss {
  const temperature = options.temperature ?? 0.07;
  checkTemperature('negativeSamplingLoss', temperature);
  return {
    specificationVersion: 'v1',
    name: 'negative-sampling',
    requires: { userNegatives: true },
    compute(input: LossInput): tf.Scalar {
      checkKeyedInput('negative-sampling', input, false);
      const { users, keys, positives, userNegatives, logitMask } = input;
      if (!userNegatives) {
        throw new Error('negative-sampling: userNegatives is required (float32 [batch, k, d], k sampled negatives per user)');
      }
      const [b, d] = users.shape;
      const [nb, k, nd] = userNegatives.shape;
      if (nb !== b || nd !== d) {
        throw new Error(`negative-sampling: userNegatives has shape [${userNegatives.shape}], expected [${b},k,${d}]`);
      }
      if (logitMask && (logitMask.shape[0] !== b || logitMask.shape[1] !== k)) {
        throw new Error(`negative-sampling: logitMask has shape [${logitMask.shape}], expected [${b},${k}] (one entry per negative)`);
      }
      return tf.tidy(() => {
        const all = cosineLogits(users, keys, temperature);
        const sPos = tf.sum(tf.mul(all, tf.oneHot(tf.cast(positives, 'int32'), keys.shape[0])), 1);
        const u = tf.reshape(l2Normalize(users), [b, 1, d]);
        let sNeg = tf.div(tf.sum(tf.mul(u, l2Normalize(userNegatives)), 2), temperature) as tf.Tensor2D;
        if (logitMask) sNeg = tf.add(sNeg, logitMask);
        const perUser = tf.add(tf.softplus(tf.neg(sPos)), tf.sum(tf.softplus(sNeg), 1));
        return tf.mean(perUser) as tf.Scalar;
      });
    },
  };
}
