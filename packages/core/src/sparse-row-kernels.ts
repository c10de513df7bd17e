/**
 * Optional accelerated kernels for lazy optimizers' row updates, installed by a compute-backend
 * package (`@clrec/backend`'s `registerFastKernels` installs native ones when its optional addon is
 * built). Core does not depend on any backend package, so they meet through a well-known global
 * symbol. Every kernel must compute exactly what the JS fallback computes (up to float rounding).
 */
export interface RowKernels {
  /**
   * The lazy Adam update of rows `ids[i]`: m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²;
   * p ← p − lrT · m / (√v + ε). Table values of row i start at `p[at[i]]`, its moments at
   * `m[ids[i] · width]` / `v[…]`, its gradient at `g[i · width]`.
   */
  adamRows?(p: Float32Array, at: Int32Array, ids: Int32Array, g: Float32Array, m: Float32Array, v: Float32Array,
    width: number, lrT: number, beta1: number, beta2: number, epsilon: number): void;
  /** Row scatter-add of gradient rows into an accumulator: dst[at[i] + k] += src[i · width + k]. */
  addRows?(dst: Float32Array, at: Int32Array, src: Float32Array, width: number): void;
}

/** The global symbol under which {@link RowKernels} are installed (shared by every copy of core). */
export const ROW_KERNELS_KEY: unique symbol = Symbol.for('@clrec/core:row-kernels') as never;

/** The installed row kernels, if any. */
export function rowKernels(): RowKernels | undefined {
  return (globalThis as Record<symbol, RowKernels | undefined>)[ROW_KERNELS_KEY];
}

/** Installs (or, with undefined, removes) row kernels; returns the previous ones. */
export function setRowKernels(kernels: RowKernels | undefined): RowKernels | undefined {
  const g = globalThis as Record<symbol, RowKernels | undefined>;
  const previous = g[ROW_KERNELS_KEY];
  if (kernels === undefined) delete g[ROW_KERNELS_KEY];
  else g[ROW_KERNELS_KEY] = kernels;
  return previous;
}
