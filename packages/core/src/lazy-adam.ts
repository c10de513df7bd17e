import type * as tf from '@tensorflow/tfjs';
import { Adam, type AdamOptions, type AdamState } from './adam';
import type { NamedVariable, Optimizer, SparseRows } from '@clrec/spec';
import { type HostSlot, hostSlots, sparseNamesOf, toRows } from './sparse-slots';
import { rowKernels } from './sparse-row-kernels';
import { updateTableRows } from './sparse-table-rows';

/** Options of {@link LazyAdam}: Adam's, plus which tables are row-sparse. */
export interface LazyAdamOptions extends AdamOptions {
  /**
   * Names of the row-sparse tables. Default: the parameters marked `sparse: true`. Pass `[]` for a
   * fully dense Adam (identical to `Adam`).
   */
  sparse?: Iterable<string>;
  /**
   * Write every page of the host moment arrays when the optimizer is created (default true), so
   * that steps do not pay page faults on first touches (see `hostSlots`); false commits memory only
   * for touched rows.
   */
  commitMemory?: boolean;
}

/**
 * Adam with lazy (row-wise) updates for embedding tables, like TensorFlow's LazyAdam and PyTorch's
 * `SparseAdam`: a table's rows that the step touched get the Adam update and their moments move;
 * untouched rows and their moments stay exactly as they were. Every other parameter gets the dense
 * update of the core {@link Adam}; bias correction uses the global step for both, so a table whose
 * rows are all touched every step follows dense Adam exactly.
 *
 * Table moments live in host memory (`2 × rows × width` float32, committed up front unless
 * `commitMemory: false`); an update
 * reads, changes and writes only the touched rows (`updateTableRows`), so a step costs O(touched
 * rows × width) whatever the catalog size. A backend may install a faster row kernel
 * (`RowKernels.adamRows`, e.g. `@clrec/backend`'s native one).
 */
export class LazyAdam implements Optimizer {
  /** Plugin specification version this optimizer implements. */
  readonly specificationVersion = 'v1' as const;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly sparseNames: ReadonlySet<string>;
  private readonly dense: Adam;
  private readonly slots: Map<string, HostSlot>;
  private t = 0;

  /** @param params every trainable parameter (names unique) */
  constructor(params: NamedVariable[], options: LazyAdamOptions = {}) {
    this.learningRate = options.learningRate ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.sparseNames = sparseNamesOf('LazyAdam', params, options.sparse);
    this.dense = new Adam(params.filter((p) => !this.sparseNames.has(p.name)), options);
    this.slots = hostSlots(params, this.sparseNames, 2, 0, options.commitMemory ?? true);
  }

  /** Number of updates applied so far. */
  get step(): number {
    return this.t;
  }

  /**
   * One update: dense Adam for `grads` of dense parameters, lazy row updates for `rows` of the sparse
   * tables. A dense gradient given for a sparse table is reduced to its non-zero rows first (slow).
   */
  apply(grads: Map<string, tf.Tensor>, rows?: Map<string, SparseRows>): void {
    this.t += 1;
    const denseGrads = new Map<string, tf.Tensor>();
    for (const [name, g] of grads) {
      if (this.slots.has(name)) this.applyRows(name, toRows(g));
      else denseGrads.set(name, g);
    }
    this.dense.apply(denseGrads);
    for (const [name, r] of rows ?? []) this.applyRows(name, r);
  }

  private applyRows(name: string, r: SparseRows): void {
    const s = this.slots.get(name);
    if (!s) throw new Error(`LazyAdam.apply: "${name}" is not a sparse table of this optimizer (sparse: ${[...this.slots.keys()].join(', ') || 'none'})`);
    if (r.width !== s.width || r.numRows !== s.numRows) {
      throw new Error(`LazyAdam.apply: rows of "${name}" are [${r.numRows}, ${r.width}], the table is [${s.numRows}, ${s.width}]`);
    }
    if (r.ids.length === 0) return;
    const { beta1: b1, beta2: b2, epsilon: eps, t } = this;
    const lrT = (this.learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    const [m, v] = s.moments;
    const native = rowKernels()?.adamRows;
    const update = native ?? adamRows;
    updateTableRows(s.variable, r.ids, (p, at) => update(p, at, r.ids, r.values, m, v, s.width, lrT, b1, b2, eps));
  }

  /** The full state: dense moments from `Adam`, table moments from host memory (copies). */
  async getState(): Promise<AdamState> {
    const dense = await this.dense.getState();
    const slots = [...dense.slots];
    for (const [name, s] of this.slots) {
      slots.push({ name, shape: [...s.variable.shape], m: s.moments[0].slice(), v: s.moments[1].slice() });
    }
    return { step: this.t, slots };
  }

  /**
   * Restores a state from {@link LazyAdam.getState} or the core `Adam.getState` (same format).
   * @throws naming the parameter when a slot matches no parameter or has another shape
   */
  setState(state: AdamState): void {
    const denseSlots = state.slots.filter((sl) => !this.slots.has(sl.name));
    for (const sl of state.slots) {
      const s = this.slots.get(sl.name);
      if (!s) continue;
      if (sl.shape.join('x') !== s.variable.shape.join('x') || sl.m.length !== s.moments[0].length || sl.v.length !== s.moments[1].length) {
        throw new Error(`LazyAdam.setState: "${sl.name}" has shape [${sl.shape}] in the checkpoint but [${s.variable.shape}] here`);
      }
      s.moments[0].set(sl.m);
      s.moments[1].set(sl.v);
    }
    this.dense.setState({ step: state.step, slots: denseSlots });
    this.t = state.step;
  }

  /** Frees the dense moment variables; the host moments are released with the object. */
  dispose(): void {
    this.dense.dispose();
  }
}

/**
 * The lazy Adam row update on flat arrays (one monomorphic loop, so V8 keeps it on typed-array fast
 * paths): for row i, table values `p[at[i] + k]`, moments `m/v[ids[i] · w + k]`, gradient `g[i · w + k]`.
 */
function adamRows(
  p: Float32Array, at: Int32Array, ids: Int32Array, g: Float32Array, m: Float32Array, v: Float32Array,
  w: number, lrT: number, b1: number, b2: number, eps: number,
): void {
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  for (let i = 0; i < ids.length; i++) {
    const pb = at[i];
    const mb = ids[i] * w;
    const gb = i * w;
    for (let k = 0; k < w; k++) {
      const gi = g[gb + k];
      const mo = b1 * m[mb + k] + c1 * gi;
      const vo = b2 * v[mb + k] + c2 * gi * gi;
      m[mb + k] = mo;
      v[mb + k] = vo;
      p[pb + k] -= (lrT * mo) / (Math.sqrt(vo) + eps);
    }
  }
}
