import type * as tf from '@tensorflow/tfjs';
import type { OptimizerState } from './optimizer-state';
import type { SparseRows } from './sparse-rows';
import type { SpecificationVersion } from './specification-version';

/**
 * Optimizer plugin: applies one update from named gradients. Dense parameters get `grads`; tables
 * named in `sparseNames` get their touched rows from `rows` (see `lossAndSparseGrads`), so a step
 * costs O(touched rows), not O(table). State is keyed by parameter name, so it checkpoints exactly.
 */
export interface Optimizer {
  /** Plugin specification version this optimizer implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Number of updates applied so far. */
  readonly step: number;
  /** Parameters updated from row gradients (empty for a purely dense optimizer). */
  readonly sparseNames: ReadonlySet<string>;
  /**
   * One update. Parameters with neither a gradient nor rows are left unchanged. Does not dispose the
   * gradients.
   */
  apply(grads: Map<string, tf.Tensor>, rows?: Map<string, SparseRows>): void;
  /** The full state for a checkpoint (moments of every parameter, keyed by name). */
  getState(): Promise<OptimizerState>;
  /** Restores a state from {@link Optimizer.getState}. */
  setState(state: OptimizerState): void;
  /** Frees the optimizer's own tensors (never the parameters). */
  dispose(): void;
}
