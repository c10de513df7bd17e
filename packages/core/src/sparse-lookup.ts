import * as tf from '@tensorflow/tfjs';
import { RowGradientAccumulator } from './sparse-rows';

/** The tables whose lookups record row gradients during one `lossAndSparseGrads` call. */
export interface SparseGradientScope {
  /**
   * A scalar variable every recording lookup takes as its (only) differentiable input, so the tape
   * reaches the lookups; its own gradient is zero and is discarded.
   */
  anchor: tf.Variable;
  /** Row-gradient accumulator of each recorded table. */
  tables: Map<tf.Variable, RowGradientAccumulator>;
}

let active: SparseGradientScope | null = null;

/**
 * The float32 values of `t` on the host: a view of the WASM heap when the backend is WASM (no copy;
 * valid until the next tensor allocation), else `dataSync()`.
 */
function hostValues(t: tf.Tensor): Float32Array {
  const backend = tf.engine().backend as unknown as { typedArrayFromHeap?(info: tf.TensorInfo): Float32Array };
  if (t.dtype === 'float32' && typeof backend.typedArrayFromHeap === 'function') {
    return backend.typedArrayFromHeap({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
  }
  return t.dataSync() as Float32Array;
}

/** One accumulator per table, reused across steps (its slot index is allocated once). */
const accumulators = new WeakMap<tf.Variable, RowGradientAccumulator>();

/** The accumulator of `table`, created on first use. */
export function accumulatorFor(table: tf.Variable): RowGradientAccumulator {
  const width = table.shape.slice(1).reduce((a, b) => a * b, 1);
  let acc = accumulators.get(table);
  if (acc === undefined || acc.numRows !== table.shape[0] || acc.width !== width) {
    acc = new RowGradientAccumulator(table.shape[0] ?? 0, width);
    accumulators.set(table, acc);
  }
  return acc;
}

/**
 * Runs `f` with `scope` active (lookups of its tables record row gradients); not reentrant.
 * @throws when another scope is already active (nested training steps are not supported)
 */
export function withSparseScope<T>(scope: SparseGradientScope, f: () => T): T {
  if (active !== null) throw new Error('lossAndSparseGrads: a sparse-gradient step is already running (nested steps are not supported)');
  active = scope;
  try {
    return f();
  } finally {
    active = null;
  }
}

/**
 * Embedding lookup `table[ids]`: a drop-in for `tf.gather(table, ids)` on axis 0 (int32 ids of any
 * shape S → float32 `[...S, ...table.shape.slice(1)]`). Encoders read their large tables (item ids,
 * item features) through it and mark them `sparse: true` in `variables()`.
 *
 * Outside `lossAndSparseGrads`, or for a table that step does not treat as sparse, it is exactly
 * `tf.gather`. Inside, the gradient is not the dense `[numRows, d]` `UnsortedSegmentSum` that
 * `tf.gather` would produce: `dy` is summed into the touched rows only (on the host, O(ids × d)), and
 * handed to the lazy optimizer. Reads the ids on the host once per call.
 */
export function embeddingLookup(table: tf.Variable, ids: tf.Tensor): tf.Tensor {
  const scope = active;
  const acc = scope?.tables.get(table);
  if (scope === null || acc === undefined) return tf.gather(table, ids);
  if (ids.dtype !== 'int32') throw new Error(`embeddingLookup: ids of "${table.name}" must be int32, got ${ids.dtype}`);
  const hostIds = ids.dataSync() as Int32Array;
  const lookup = tf.customGrad((...inputs) => ({
    value: tf.gather(table as tf.Tensor, ids),
    gradFunc: (dy: tf.Tensor) => {
      acc.add(hostIds, hostValues(dy));
      return tf.zerosLike(inputs[0] as tf.Tensor);
    },
  }));
  return lookup(scope.anchor);
}
