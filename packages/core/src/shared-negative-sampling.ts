import * as tf from '@tensorflow/tfjs';
import type { Loss, LossInput } from '@clrec/spec';
import { cosineLogits } from './similarity';
import { checkKeyedInput, checkTemperature } from './loss-checks';

/** Options of {@link sharedNegativeSamplingLoss}. */
export interface SharedNegativeSamplingOptions {
  /** Temperature ρ of the cosine similarity; the paper uses 0.07. */
  temperature?: number;
}

/**
 * Shared negative sampling (Ying et al.; KDD App. B.3): the binary cross-entropy of negative sampling,
 * but all users of the batch share one set of L sampled negatives, so the key encodings are computed
 * once per batch instead of B·k times. Per user i, with s = cosine / temperature over all keys:
 *   ℓ_i = softplus(−s[i, positives[i]]) + Σ_{j ≠ positives[i]} softplus(s[i, j] + mask[i, j]),
 * and the loss is mean_i ℓ_i (nats; negatives summed).
 *
 * Layout: any. Every key column other than row i's positive is a negative for row i unless masked.
 * The usual layout is keys = [B batch positives ; L shared negatives], `positives = [0..B−1]`; then the
 * other users' positives also act as (in-batch) negatives. For the strict variant with only the L
 * shared negatives, mask columns j < B, j ≠ i with −1e9; add {@link accidentalHitMask} to drop shared
 * negatives that equal the positive. A masked column contributes softplus(−1e9) = 0; the positive's
 * own mask entry is ignored. Inputs: users `[B, d]`, keys `[N, d]`, positives int32 `[B]`, optional
 * logitMask `[B, N]`.
 */
export function sharedNegativeSamplingLoss(options: SharedNegativeSamplingOptions = {}): Loss {
  const temperature = options.temperature ?? 0.07;
  checkTemperature('sharedNegativeSamplingLoss', temperature);
  return {
    specificationVersion: 'v1',
    name: 'shared-negative-sampling',
    requires: {},
    compute(input: LossInput): tf.Scalar {
      checkKeyedInput('shared-negative-sampling', input);
      const { users, keys, positives, logitMask } = input;
      return tf.tidy(() => {
        const logits = cosineLogits(users, keys, temperature);
        const onehot = tf.oneHot(tf.cast(positives, 'int32'), keys.shape[0]);
        const sPos = tf.sum(tf.mul(logits, onehot), 1);
        const negLogits = logitMask ? tf.add(logits, logitMask) : logits;
        const negTerms = tf.mul(tf.softplus(negLogits), tf.sub(1, onehot));
        return tf.mean(tf.add(tf.softplus(tf.neg(sPos)), tf.sum(negTerms, 1))) as tf.Scalar;
      });
    },
  };
}
