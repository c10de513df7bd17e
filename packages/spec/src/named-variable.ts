import type * as tf from '@tensorflow/tfjs';

/**
 * A trainable parameter with a stable name. Names key checkpoints and optimizer state, so they must be
 * unique within a model and stable across versions (e.g. `item.id_embedding`, `user.att_mlp.w1`).
 * Plain data, not a plugin: it carries no `specificationVersion`.
 */
export interface NamedVariable {
  /** Stable unique name, used as the checkpoint key. */
  name: string;
  /** The tfjs variable (trainable). */
  variable: tf.Variable;
  /**
   * A row-sparse embedding table `[rows, ...]`: the encoder reads it only through `embeddingLookup`,
   * so a training step gets gradients for the rows it touched (`lossAndSparseGrads`) and a lazy
   * optimizer (`LazyAdam`) updates only those rows. Mark only large tables (item ids, item features).
   */
  sparse?: boolean;
}
