import type { ItemEncoder } from './item-encoder';
import type { Rng } from './rng';

/**
 * What a `NegativeQueue` may use of the model during a step.
 */
export interface QueueContext {
  /** The trainable item encoder g (its encodings carry gradients when called inside the step's loss). */
  itemEncoder: ItemEncoder;
  /** Seeded generator (samplers draw from it, so runs are reproducible and resumable). */
  rng: Rng;
}
