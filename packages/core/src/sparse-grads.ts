import * as tf from '@tensorflow/tfjs';
import type { NamedVariable, SparseRows } from '@clrec/spec';
import { accumulatorFor, withSparseScope } from './sparse-lookup';
import { toRows } from './sparse-slots';

/** What {@link lossAndSparseGrads} returns; the caller disposes `loss` and `grads`. */
export interface SparseLossAndGrads {
  /** The scalar loss. */
  loss: tf.Scalar;
  /** Dense gradients of the parameters not treated as sparse, keyed by parameter name. */
  grads: Map<string, tf.Tensor>;
  /** Touched-row gradients of the sparse tables, keyed by parameter name (absent when untouched). */
  rows: Map<string, SparseRows>;
}

/** Options of {@link lossAndSparseGrads}. */
export interface SparseGradOptions {
  /**
   * Receives a warning when a sparse table was (also) read with plain `tf.gather`: its dense gradient
   * is then scanned for non-zero rows (correct, but O(table)). Default: `console.warn`, once per table.
   */
  warn?: (message: string) => void;
}

const warned = new Set<string>();

/**
 * Computes a scalar loss and its gradients, with the tables named in `sparse` getting gradients for
 * the rows the step touched only: every `embeddingLookup` of such a table inside `f` records its
 * ids and sums its incoming gradient into those rows. No `[numRows, d]` tensor is allocated or
 * scanned for them. Other parameters get ordinary dense gradients (as from `lossAndGrads`).
 *
 * With an empty `sparse` this is `lossAndGrads`. Use the result with an `Optimizer`:
 * `optimizer.apply(grads, rows)`.
 * @param params every trainable parameter
 * @param sparse names of the row-sparse tables (e.g. `optimizer.sparseNames`)
 * @param f the loss; called once, inside the gradient scope
 */
export function lossAndSparseGrads(
  params: NamedVariable[],
  sparse: Iterable<string>,
  f: () => tf.Scalar,
  options: SparseGradOptions = {},
): SparseLossAndGrads {
  const sparseNames = new Set(sparse);
  const tables = params.filter((p) => sparseNames.has(p.name));
  for (const n of sparseNames) {
    if (!tables.some((t) => t.name === n)) throw new Error(`lossAndSparseGrads: sparse table "${n}" is not among the parameters`);
  }
  const anchor = tf.tidy(() => tf.variable(tf.scalar(0), true));
  const byVariable = new Map(tables.map((t) => [t.variable, accumulatorFor(t.variable)]));
  for (const acc of byVariable.values()) acc.clear();
  const nameOf = new Map(params.map((p) => [p.variable.name, p.name]));
  try {
    // Tables stay in the variable list: a plain tf.gather read of one still reaches it (slow path below).
    const vars = [...params.map((p) => p.variable), anchor];
    const { value, grads } = withSparseScope({ anchor, tables: byVariable }, () => tf.variableGrads(f, vars));
    const dense = new Map<string, tf.Tensor>();
    for (const [tfName, g] of Object.entries(grads)) {
      if (tfName === anchor.name) {
        g.dispose();
        continue;
      }
      const name = nameOf.get(tfName) ?? tfName;
      const table = tables.find((t) => t.name === name);
      if (table === undefined) {
        dense.set(name, g);
        continue;
      }
      const warn = options.warn ?? ((m: string) => {
        if (!warned.has(name)) console.warn(m);
        warned.add(name);
      });
      warn(`lossAndSparseGrads: sparse table "${name}" was read with tf.gather; read it with embeddingLookup to avoid a dense [${g.shape}] gradient`);
      const nz = toRows(g);
      g.dispose();
      byVariable.get(table.variable)!.add(nz.ids, nz.values);
    }
    const rows = new Map<string, SparseRows>();
    for (const t of tables) {
      const acc = byVariable.get(t.variable)!;
      if (acc.size > 0) rows.set(t.name, acc.take());
    }
    return { loss: value, grads: dense, rows };
  } catch (e) {
    for (const acc of byVariable.values()) acc.clear();
    throw e;
  } finally {
    anchor.dispose();
  }
}
