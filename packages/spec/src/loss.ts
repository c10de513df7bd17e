import type * as tf from '@tensorflow/tfjs';
import type { LossInput } from './loss-input';
import type { LossRequirements } from './loss-requirements';
import type { SpecificationVersion } from './specification-version';

/**
 * Training objective plugin. Returns the mean loss over the batch as a scalar; must be differentiable
 * with respect to `users` and `keys`.
 */
export interface Loss {
  /** Plugin specification version this loss implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Registry name, e.g. `infonce`. */
  readonly name: string;
  /**
   * The optional inputs this loss needs (e.g. `{ logQ: true }` for sampled softmax,
   * `{ exampleWeights: true }` for IPW, `{ userNegatives: true }` for negative sampling); `{}` when
   * users, keys and positives suffice.
   */
  readonly requires: Readonly<LossRequirements>;
  /** Scalar mean loss. Called inside a tidy / gradient scope. */
  compute(input: LossInput): tf.Scalar;
}
