import type * as tf from '@tensorflow/tfjs';

/**
 * A batch of user click histories, left-padded so the most recent click is in the last column.
 * All arrays are row-major `[batch, maxLen]`; item id 0 is padding. Plain data, not a plugin: it
 * carries no `specificationVersion`.
 */
export interface SequenceBatch {
  /** Dense item ids, int32 `[batch, maxLen]`, 0 = padding. */
  items: tf.Tensor2D;
  /** 1 for a real click, 0 for padding, float32 `[batch, maxLen]`. */
  mask: tf.Tensor2D;
  /**
   * Backward position of each click: 0 for the earliest click of the history, counting up to the
   * latest (KDD App. B.1.1); 0 on padding. int32 `[batch, maxLen]`.
   */
  positions: tf.Tensor2D;
}
