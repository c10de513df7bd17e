import * as tf from '@tensorflow/tfjs';
import type { Loss, LossInput } from './plugins';
import { cosineLogits } from './similarity';

/** Options of {@link infoNceLoss}. */
export interface InfoNceOptions {
  /** Temperature ρ of the cosine similarity; the paper uses 0.07. */
  temperature?: number;
}

/**
 * The contrastive (InfoNCE) loss CLRec optimises (KDD Eq. 3): for each user x with positive key y among
 * the keys K, −log( exp φ(x,y) / Σ_{k∈K} exp φ(x,k) ), with φ the cosine similarity over temperature.
 * Unlike sampled softmax it applies no −log p_n correction, which is what makes it an IPW estimator
 * (Theorem 1). Returns the mean over the batch.
 */
export function infoNceLoss(options: InfoNceOptions = {}): Loss {
  const temperature = options.temperature ?? 0.07;
  if (!(temperature > 0)) throw new Error(`infoNceLoss: temperature must be > 0, got ${temperature}`);
  return {
    name: 'infonce',
    compute({ users, keys, positives, logitMask }: LossInput): tf.Scalar {
      return tf.tidy(() => {
        let logits = cosineLogits(users, keys, temperature);
        if (logitMask) logits = tf.add(logits, logitMask);
        const numKeys = keys.shape[0];
        const pos = tf.sum(tf.mul(logits, tf.oneHot(tf.cast(positives, 'int32'), numKeys)), 1);
        return tf.mean(tf.sub(tf.logSumExp(logits, 1), pos)) as tf.Scalar;
      });
    },
  };
}
