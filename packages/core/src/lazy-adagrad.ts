import * as tf from '@tensorflow/tfjs';
import type { AdamState } from './adam';
import type { NamedVariable, Optimizer, SparseRows } from '@clrec/spec';
import { type HostSlot, hostSlots, sparseNamesOf, toRows } from './sparse-slots';
import { updateTableRows } from './sparse-table-rows';

/** Options of {@link LazyAdagrad}. */
export interface LazyAdagradOptions {
  /** Learning rate, default 0.01. */
  learningRate?: number;
  /** Starting value of every accumulator, default 0.1 (as TensorFlow). */
  initialAccumulator?: number;
  /** Denominator floor, default 1e-7 (as Keras). */
  epsilon?: number;
  /** Names of the row-sparse tables; default the parameters marked `sparse: true`. */
  sparse?: Iterable<string>;
  /**
   * Write every page of the host accumulator arrays when the optimizer is created (default true), so
   * that steps do not pay page faults on first touches (see `hostSlots`); false commits memory only
   * for touched rows.
   */
  commitMemory?: boolean;
}

/**
 * Adagrad with lazy (row-wise) updates for embedding tables: a ← a + g²; θ ← θ − lr · g / (√a + ε),
 * applied densely to ordinary parameters and only to the touched rows of sparse tables (for those,
 * Adagrad's lazy and dense updates coincide: an untouched row has g = 0 and would not move anyway).
 *
 * Table accumulators live in host memory, stored minus their initial value (so they start as zeros;
 * `commitMemory: false` leaves untouched rows on zero pages). State is exchanged in the `AdamState` format (`m` = accumulator, `v` empty), so it
 * travels through the same checkpoint code.
 */
export class LazyAdagrad implements Optimizer {
  /** Plugin specification version this optimizer implements. */
  readonly specificationVersion = 'v1' as const;
  readonly learningRate: number;
  readonly initialAccumulator: number;
  readonly epsilon: number;
  readonly sparseNames: ReadonlySet<string>;
  private readonly denseSlots = new Map<string, { p: tf.Variable; acc: tf.Variable }>();
  private readonly slots: Map<string, HostSlot>;
  private t = 0;

  /** @param params every trainable parameter (names unique) */
  constructor(params: NamedVariable[], options: LazyAdagradOptions = {}) {
    this.learningRate = options.learningRate ?? 0.01;
    this.initialAccumulator = options.initialAccumulator ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-7;
    if (!(this.learningRate > 0) || !(this.initialAccumulator >= 0) || !(this.epsilon > 0)) {
      throw new Error('LazyAdagrad: learningRate and epsilon must be > 0, initialAccumulator >= 0');
    }
    this.sparseNames = sparseNamesOf('LazyAdagrad', params, options.sparse);
    this.slots = hostSlots(params, this.sparseNames, 1, 0, options.commitMemory ?? true);
    const a0 = this.initialAccumulator;
    for (const p of params) {
      if (this.sparseNames.has(p.name)) continue;
      this.denseSlots.set(p.name, { p: p.variable, acc: tf.tidy(() => tf.variable(tf.fill(p.variable.shape, a0), false)) });
    }
  }

  /** Number of updates applied so far. */
  get step(): number {
    return this.t;
  }

  /** One update: dense Adagrad for `grads`, row-wise for `rows` of the sparse tables. */
  apply(grads: Map<string, tf.Tensor>, rows?: Map<string, SparseRows>): void {
    this.t += 1;
    const { learningRate: lr, epsilon: eps } = this;
    tf.tidy(() => {
      for (const [name, g] of grads) {
        if (this.slots.has(name)) continue;
        const s = this.denseSlots.get(name);
        if (!s) throw new Error(`LazyAdagrad.apply: unknown parameter "${name}"`);
        const acc = tf.add(s.acc, tf.square(g));
        s.acc.assign(acc);
        s.p.assign(tf.sub(s.p, tf.div(tf.mul(g, lr), tf.add(tf.sqrt(acc), eps))));
      }
    });
    for (const [name, g] of grads) if (this.slots.has(name)) this.applyRows(name, toRows(g));
    for (const [name, r] of rows ?? []) this.applyRows(name, r);
  }

  private applyRows(name: string, r: SparseRows): void {
    const s = this.slots.get(name);
    if (!s) throw new Error(`LazyAdagrad.apply: "${name}" is not a sparse table of this optimizer`);
    if (r.width !== s.width || r.numRows !== s.numRows) {
      throw new Error(`LazyAdagrad.apply: rows of "${name}" are [${r.numRows}, ${r.width}], the table is [${s.numRows}, ${s.width}]`);
    }
    if (r.ids.length === 0) return;
    const { learningRate: lr, epsilon: eps, initialAccumulator: a0 } = this;
    const w = s.width;
    const acc = s.moments[0];
    const g = r.values;
    updateTableRows(s.variable, r.ids, (p, at) => {
      for (let i = 0; i < r.ids.length; i++) {
        const pb = at[i];
        const ab = r.ids[i] * w;
        for (let k = 0; k < w; k++) {
          const gi = g[i * w + k];
          const a = (acc[ab + k] += gi * gi) + a0;
          p[pb + k] -= (lr * gi) / (Math.sqrt(a) + eps);
        }
      }
    });
  }

  /** The state: step and every accumulator (in `m`; `v` is empty). */
  async getState(): Promise<AdamState> {
    const slots: AdamState['slots'] = [];
    for (const [name, s] of this.denseSlots) {
      slots.push({ name, shape: [...s.acc.shape], m: (await s.acc.data()) as Float32Array, v: new Float32Array(0) });
    }
    for (const [name, s] of this.slots) {
      const m = s.moments[0].slice();
      for (let i = 0; i < m.length; i++) m[i] += this.initialAccumulator;
      slots.push({ name, shape: [...s.variable.shape], m, v: new Float32Array(0) });
    }
    return { step: this.t, slots };
  }

  /** Restores a state from {@link LazyAdagrad.getState}; throws naming a slot that does not fit. */
  setState(state: AdamState): void {
    for (const sl of state.slots) {
      const d = this.denseSlots.get(sl.name);
      const s = this.slots.get(sl.name);
      const size = d ? d.acc.size : s ? s.moments[0].length : -1;
      if (size < 0) throw new Error(`LazyAdagrad.setState: the state has parameter "${sl.name}" that this model lacks`);
      if (sl.m.length !== size) throw new Error(`LazyAdagrad.setState: "${sl.name}" has ${sl.m.length} accumulator values, expected ${size}`);
      if (d) tf.tidy(() => d.acc.assign(tf.tensor(sl.m, d.acc.shape)));
      else if (s) {
        const acc = s.moments[0];
        for (let i = 0; i < acc.length; i++) acc[i] = sl.m[i] - this.initialAccumulator;
      }
    }
    this.t = state.step;
  }

  /** Frees the dense accumulators. */
  dispose(): void {
    for (const s of this.denseSlots.values()) s.acc.dispose();
    this.denseSlots.clear();
  }
}
