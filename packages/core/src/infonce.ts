import * as tf from '@tensorflow/tfjs';
import type { Loss, LossInput } from '@clrec/spec';
import { cosineLogits } from './similarity';
import { softmaxCrossEntropy } from './softmax-cross-entropy';

/** Options of {@link infoNceLoss}. */
export interface InfoNceOptions {
  /** Temperature ρ of the cosine similarity; the paper uses 0.07. */
  temperature?: number;
  /**
   * `cosine` (default, the paper's φ = cos(f(x), g(y)) / ρ) or `dot` (φ = ⟨f(x), g(y)⟩ / ρ, no
   * normalisation: the "w/o cosine" rows of KDD Table 12).
   */
  similarity?: 'cosine' | 'dot';
}

/**
 * The contrastive (InfoNCE) loss CLRec optimises (KDD Eq. 3): for each user x with positive key y among
 * the keys K, −log( exp φ(x,y) / Σ_{k∈K} exp φ(x,k) ), with φ the cosine similarity over temperature.
 * Unlike sampled softmax it applies no −log p_n correction, which is what makes it an IPW estimator
 * (Theorem 1). Returns the mean over the batch.
 */
export function infoNceLoss(options: InfoNceOptions = {}): Loss {
  const temperature = options.temperature ?? 0.07;
  const similarity = options.similarity ?? 'cosine';
  if (!(temperature > 0)) throw new Error(`infoNceLoss: temperature must be > 0, got ${temperature}`);
  if (similarity !== 'cosine' && similarity !== 'dot') throw new Error(`infoNceLoss: similarity must be cosine or dot, got ${String(similarity)}`);
  return {
    specificationVersion: 'v1',
    name: 'infonce',
    requires: {},
    compute({ users, keys, positives, logitMask }: LossInput): tf.Scalar {
      return tf.tidy(() => {
        let logits = similarity === 'dot'
          ? (tf.div(tf.matMul(users, keys, false, true), temperature) as tf.Tensor2D)
          : cosineLogits(users, keys, temperature);
        if (logitMask) logits = tf.add(logits, logitMask);
        return tf.mean(softmaxCrossEntropy(logits, positives)) as tf.Scalar;
      });
    },
  };
}
