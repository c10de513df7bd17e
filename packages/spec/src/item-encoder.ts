import type * as tf from '@tensorflow/tfjs';
import type { NamedVariable } from './named-variable';
import type { SpecificationVersion } from './specification-version';

/**
 * Item encoder plugin g(y): maps dense item ids to vectors. Also used inside user histories.
 */
export interface ItemEncoder {
  /** Plugin specification version this encoder implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Output dimension d. */
  readonly dim: number;
  /** Encodes item ids (int32, any shape S) to float32 `[...S, d]`. Must be called inside a tidy. */
  encode(itemIds: tf.Tensor): tf.Tensor;
  /** All trainable variables of this encoder. */
  variables(): NamedVariable[];
  /**
   * A new encoder of the same architecture with its own copy of the current weights, named with
   * `prefix`. Needed by the MoCo momentum key encoder; optional for other uses.
   */
  clone?(prefix: string): ItemEncoder;
}
