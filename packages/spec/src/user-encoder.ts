import type * as tf from '@tensorflow/tfjs';
import type { NamedVariable } from './named-variable';
import type { SequenceBatch } from './sequence-batch';
import type { SpecificationVersion } from './specification-version';

/**
 * User (sequence) encoder plugin f(x): maps a batch of click histories to one vector per user.
 */
export interface UserEncoder {
  /** Plugin specification version this encoder implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Output dimension d (equal to the item encoder's). */
  readonly dim: number;
  /** Encodes a batch to float32 `[batch, d]`. Must be called inside a tidy. */
  encode(batch: SequenceBatch): tf.Tensor2D;
  /** Trainable variables owned by this encoder (not those of a shared item encoder). */
  variables(): NamedVariable[];
}
