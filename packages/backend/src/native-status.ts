/**
 * The optional native addon as the rest of the package sees it: its interface, its status, and the
 * hook through which `@clrec/backend/node` supplies it (the main entry never loads a native module).
 */
import { detectRuntime } from './runtime';

/** The functions of the optional native addon (`native/clrec-native.c`). Offsets are in bytes. */
export interface NativeAddon {
  /**
   * Batched row-major float32 product on the WASM heap: for b < batch,
   * C[b] = op(A[b]) · op(B[b]) with op(A) `[M, K]`, op(B) `[K, N]`, C `[M, N]`; strides in floats
   * between consecutive batch matrices (0 broadcasts one matrix); `threads` threads for this
   * product (0 = unchanged).
   */
  gemm(heap: ArrayBuffer, transA: number, transB: number, m: number, n: number, k: number,
    aOff: number, bOff: number, cOff: number, batch: number, strideA: number, strideB: number, strideC: number, threads: number): void;
  /** y = op(x) on n float32 values at byte offsets (op 0 = exp, 1 = tanh). */
  unary(heap: ArrayBuffer, op: number, xOff: number, yOff: number, n: number): void;
  /** y[c] = Σ_r x[r, c] for a row-major float32 `[rows, cols]` x. */
  colsum(heap: ArrayBuffer, xOff: number, yOff: number, rows: number, cols: number): void;
  /**
   * Row softmax cross-entropy on the WASM heap: probs = softmax(x) per row, loss[r] = logsumexp(x[r]) −
   * x[r][pos[r]] (float32 `[rows, cols]` x and probs, int32 pos, float32 loss `[rows]`). Returns -1, or
   * the first row whose positive is outside `[0, cols)`.
   */
  xent(heap: ArrayBuffer, xOff: number, posOff: number, lossOff: number, probsOff: number, rows: number, cols: number): number;
  /** Its gradient: out[r][c] = (probs[r][c] − [c = pos[r]]) · dy[r] (float32 `[rows, cols]`, dy `[rows]`). */
  xentGrad(heap: ArrayBuffer, probsOff: number, posOff: number, dyOff: number, outOff: number, rows: number, cols: number): void;
  /** y = 0; y[ids[r]] += x[r] (rows of `width` float32; int32 ids; ids outside [0, segments) dropped). */
  segsum(heap: ArrayBuffer, xOff: number, idsOff: number, yOff: number, rows: number, width: number, segments: number): void;
  /**
   * Lazy Adam row update (the `RowKernels.adamRows` contract of `@clrec/core`): for row i, table values
   * at `p[at[i]]`, moments at `m/v[ids[i] · width]`, gradient at `g[i · width]`; float32 arithmetic.
   */
  adamRows(p: Float32Array, at: Int32Array, ids: Int32Array, g: Float32Array, m: Float32Array, v: Float32Array,
    width: number, lrT: number, beta1: number, beta2: number, epsilon: number): void;
  /** Row scatter-add on host arrays (`RowKernels.addRows`): dst[at[i] + k] += src[i · width + k]. */
  addRows(dst: Float32Array, at: Int32Array, src: Float32Array, width: number): void;
  /**
   * Row gather on the WASM heap: x `[batch, outer, dimSize, slice]`, int32 indices `[batch, perBatch]`,
   * out `[batch, outer, perBatch, slice]`, elements of `elemBytes` bytes. Returns -1, or the position
   * of the first index outside `[0, dimSize)` (then nothing is written).
   */
  gather(heap: ArrayBuffer, xOff: number, idxOff: number, outOff: number, batch: number, outer: number,
    dimSize: number, slice: number, perBatch: number, elemBytes: number): number;
  /** Sets the thread count of the products (bundled GEMM, or OpenBLAS). */
  setThreads(n: number): void;
  /**
   * The system BLAS library opened (null: none, the bundled GEMM runs the products), the products'
   * thread count, and the bundled GEMM's micro-kernel (e.g. `AVX2+FMA`, `portable C`).
   */
  info(): { blas: string | null; blasThreads: number; gemmKernel: string; version: number };
}

/** Whether the native addon is in use, and why not. */
export interface NativeStatus {
  /** The loaded addon, or null. */
  addon: NativeAddon | null;
  /** Path of the addon file tried. */
  path: string;
  /** Why it is not in use (not built, disabled, failed to load), when `addon` is null. */
  reason?: string;
  /** System BLAS library the addon opened because `CLREC_BLAS` asked for one (null: the bundled GEMM runs matmul). */
  blas: string | null;
  /** What runs matrix products: e.g. `bundled GEMM (AVX2+FMA)` or `BLAS libopenblas.so.0`; empty without the addon. */
  gemm: string;
  /**
   * Threads for large products: `CLREC_NATIVE_THREADS`, else all cores, never chosen from the
   * machine's load (so a run's bits do not depend on it). The bundled GEMM gives the same bits for
   * any thread count (each output element is summed in one fixed order); a system BLAS may not.
   */
  threads: number;
  /** Why `threads` is what it is (for logs). */
  threadsReason: string;
  /**
   * Products below this many flops (2·m·n·k per matrix) run on one thread: waking a second
   * thread costs more than it saves, and much more when other processes compete for the cores.
   * `CLREC_NATIVE_MT_FLOPS`, default 8e6.
   */
  multiThreadFlops: number;
}

/** The addon build this code needs (`info().version`; older builds are refused with the command that rebuilds them). */
export const ADDON_VERSION = 8;

/** Where the kernels of this package read the addon's status from (shared by every copy of the package). */
const SOURCE = Symbol.for('@clrec/backend:native-status');

/**
 * Makes `source` what {@link activeNativeStatus} returns: `@clrec/backend/node` installs its addon
 * loader (`nativeStatus`) here when imported. `undefined` removes it (tests).
 */
export function setNativeStatusSource(source: (() => NativeStatus) | undefined): void {
  (globalThis as Record<symbol, unknown>)[SOURCE] = source;
}

/**
 * The native addon's status as the kernels and `initBackend` see it: what the loader of
 * `@clrec/backend/node` reports once that entry is imported (Node), else "off" with the reason (the
 * main entry never loads it: the addon is a Node-only N-API module).
 */
export function activeNativeStatus(): NativeStatus {
  const source = (globalThis as Record<symbol, (() => NativeStatus) | undefined>)[SOURCE];
  if (source !== undefined) return source();
  const reason = detectRuntime() === 'node'
    ? 'not loaded: import @clrec/backend/node to use it'
    : 'Node only';
  return { addon: null, path: '', reason, blas: null, gemm: '', threads: 0, threadsReason: '', multiThreadFlops: 0 };
}

/** One line for logs: what native kernels are in use. */
export function describeNative(s: NativeStatus = activeNativeStatus()): string {
  if (!s.addon) return `native kernels: off (${s.reason})`;
  const threads = `${s.threads} thread${s.threads === 1 ? '' : 's'}${s.threadsReason && s.threadsReason !== 'all cores' ? `, ${s.threadsReason}` : ''}`;
  return `native kernels: on (${s.gemm}, ${threads})`;
}

/** The global symbol `@clrec/core` reads its optional row-update kernels from (`RowKernels`). */
export const CORE_ROW_KERNELS = Symbol.for('@clrec/core:row-kernels');

/**
 * Installs the native lazy-Adam row update and row scatter-add as `@clrec/core`'s `RowKernels` (when the addon
 * is loaded and nothing else is installed there); returns whether the native kernel is installed.
 */
export function installNativeRowKernels(s: NativeStatus = activeNativeStatus()): boolean {
  const g = globalThis as Record<symbol, { adamRows?: unknown; addRows?: unknown } | undefined>;
  if (!s.addon) return false;
  const addon = s.addon;
  if (g[CORE_ROW_KERNELS] === undefined) {
    g[CORE_ROW_KERNELS] = {
      adamRows: (...args: Parameters<NativeAddon['adamRows']>) => addon.adamRows(...args),
      addRows: (...args: Parameters<NativeAddon['addRows']>) => addon.addRows(...args),
    };
  }
  return true;
}
