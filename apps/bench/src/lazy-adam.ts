import * as tf from '@tensorflow/tfjs';
import { Adam, type AdamOptions, type NamedVariable } from '@clrec/core';
import type { StepOptimizer } from './workload-step';

interface SparseSlot {
  p: tf.Variable;
  /** Row width (product of the non-leading dimensions). */
  width: number;
  m: Float32Array;
  v: Float32Array;
}

/**
 * Adam with lazy (sparse) updates for embedding tables, like PyTorch's `SparseAdam` on
 * `nn.Embedding(sparse=True)` (WORKLOAD.md: "embedding tables updated sparsely, only touched rows"):
 * for a table named in `sparse`, only rows whose gradient is non-zero are updated, and only their
 * moments move; every other parameter gets the dense update of `Adam` from `@clrec/core`. Bias correction uses the
 * global step count, as `SparseAdam` does. Table moments live on the host; touched rows are read,
 * updated and written back with one `tensorScatterUpdate`, so a step costs O(touched rows) plus one
 * scan and one copy of the table instead of a dozen full-table passes.
 */
export class LazyAdam implements StepOptimizer {
  private readonly dense: Adam;
  private readonly sparse = new Map<string, SparseSlot>();
  private readonly lr: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;
  private t = 0;

  /**
   * @param params every trainable parameter
   * @param sparseNames names of the embedding tables to update lazily (must be among `params`)
   */
  constructor(params: NamedVariable[], sparseNames: string[], options: AdamOptions = {}) {
    const names = new Set(sparseNames);
    for (const n of names) if (!params.some((p) => p.name === n)) throw new Error(`LazyAdam: no parameter named "${n}"`);
    this.dense = new Adam(params.filter((p) => !names.has(p.name)), options);
    this.lr = options.learningRate ?? 1e-3;
    this.b1 = options.beta1 ?? 0.9;
    this.b2 = options.beta2 ?? 0.999;
    this.eps = options.epsilon ?? 1e-8;
    for (const p of params) {
      if (!names.has(p.name)) continue;
      const size = p.variable.size;
      this.sparse.set(p.name, { p: p.variable, width: size / p.variable.shape[0], m: new Float32Array(size), v: new Float32Array(size) });
    }
  }

  /** Number of updates applied so far. */
  get step(): number {
    return this.t;
  }

  /** One update: dense Adam for the dense parameters, lazy row updates for the tables. */
  apply(grads: Map<string, tf.Tensor>): void {
    this.t += 1;
    const denseGrads = new Map<string, tf.Tensor>();
    for (const [name, g] of grads) {
      const slot = this.sparse.get(name);
      if (slot) this.applySparse(slot, g);
      else denseGrads.set(name, g);
    }
    this.dense.apply(denseGrads);
  }

  private applySparse(s: SparseSlot, g: tf.Tensor): void {
    const flags = tf.tidy(() => tf.greater(tf.max(tf.abs(tf.reshape(g, [s.p.shape[0], s.width])), 1), 0));
    const touched = flags.dataSync();
    flags.dispose();
    const rows: number[] = [];
    for (let r = 0; r < touched.length; r++) if (touched[r]) rows.push(r);
    if (rows.length === 0) return;
    const { lr, b1, b2, eps, t } = this;
    const step = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    tf.tidy(() => {
      const idx = tf.tensor1d(rows, 'int32');
      const gRows = tf.gather(g, idx).dataSync() as Float32Array;
      const pRows = tf.gather(s.p, idx).dataSync() as Float32Array; // a copy: safe to update in place
      const w = s.width;
      rows.forEach((r, i) => {
        for (let j = 0; j < w; j++) {
          const o = r * w + j;
          const gi = gRows[i * w + j];
          const m = (s.m[o] = b1 * s.m[o] + (1 - b1) * gi);
          const v = (s.v[o] = b2 * s.v[o] + (1 - b2) * gi * gi);
          pRows[i * w + j] -= (step * m) / (Math.sqrt(v) + eps);
        }
      });
      const updated = tf.tensor(pRows, [rows.length, ...s.p.shape.slice(1)]);
      s.p.assign(tf.tensorScatterUpdate(s.p, tf.reshape(idx, [-1, 1]), updated));
    });
  }

  /** Frees the dense optimizer's moment variables (table moments are host arrays). */
  dispose(): void {
    this.dense.dispose();
    this.sparse.clear();
  }
}
