import * as tf from '@tensorflow/tfjs';
import type { KernelFunc } from '@tensorflow/tfjs';
// Loads the WASM backend's stock kernels, so that the replacements below always find them.
import '@tensorflow/tfjs-backend-wasm';
import { makeCastWasm } from './cast-kernels';
import { makeEqualWasm } from './compare-kernels';
import { makeFloorDivWasm } from './floor-div-kernels';
import { makeBatchMatMulWasm } from './matmul-kernels';
import { activeNativeStatus as nativeStatus, installNativeRowKernels } from './native-status';
import { makeBatchMatMulNative } from './native-matmul-kernels';
import { identityWasm, makeSegmentSumNative, makeSumNative, makeUnaryNative } from './native-elementwise-kernels';
import { registerFastGradients, registerMissingGradients } from './gradients';
import { makeGatherCpu, makeGatherWasm } from './gather-kernels';
import { makeTileWasm } from './tile-kernels';
import { makeSoftmaxCrossEntropyGradNative, makeSoftmaxCrossEntropyNative } from './native-xent-kernels';
import { KERNEL_NAMES } from '@clrec/spec';
import { makeTransposeCpu } from './transpose-kernels';
import { unsortedSegmentSumCpu, unsortedSegmentSumWasm } from './segment-sum-kernels';

/** Marks kernel functions registered by this package (shared across copies of the package). */
const FAST_KERNEL = Symbol.for('@clrec/backend:fast-kernel');
/** On a kernel function of this package: whether it was built with the native addon loaded. */
const WITH_NATIVE = Symbol.for('@clrec/backend:fast-kernel-native');
/** On a kernel function of this package: the kernel it replaced (undefined: it filled a gap). */
const REPLACED = Symbol.for('@clrec/backend:replaced-kernel');

/** One kernel this package installs. */
export interface FastKernel {
  /** tfjs kernel name, e.g. `UnsortedSegmentSum`. */
  readonly kernelName: string;
  /** tfjs backend name, `wasm` or `cpu`. */
  readonly backendName: string;
  /** Whether the stock backend has this kernel (then it is replaced, and kept as a fallback). */
  readonly replaces: boolean;
  /** Why it is registered. */
  readonly reason: string;
  /** Builds the kernel; `original` is the kernel it replaces, if any. */
  readonly make: (original?: KernelFunc) => KernelFunc;
  /** Whether it can be registered here (e.g. only with the native addon); absent = always. */
  readonly available?: () => boolean;
}

/**
 * The kernels {@link registerFastKernels} installs, all single-pass JS loops over the backend's
 * memory:
 * - `UnsortedSegmentSum` (the gradient of `tf.gather`) on `wasm`, which has none in 4.22, and on
 *   `cpu`, replacing the stock O(segments × rows) kernel;
 * - `GatherV2` on `wasm` and `cpu`, replacing stock kernels that are ≈ 20–30× slower on embedding
 *   lookups (the stock kernel stays as the fallback for dtypes other than float32/int32/bool);
 * - `Transpose` on `cpu` for permutations that keep the memory layout (e.g. the identity ones in the
 *   gradient of `tf.gather`): no copy; other permutations use the stock kernel;
 * - `Cast` on `wasm`, fixing casts to `bool` (the stock kernel truncates values to a byte); other
 *   casts use the stock kernel;
 * - `BatchMatMul` on `wasm`: with the optional native addon (`native/`, see `nativeStatus`) and a
 *   BLAS library, `sgemm` straight on the WASM heap; otherwise transposed operands are transposed
 *   explicitly before the plain native product (the stock transposed forms are 7–30× slower, and
 *   every matMul gradient uses them);
 * - `Equal` on `wasm` for operands of different shapes (broadcasting), 15× faster than stock;
 * - `FloorDiv` on `wasm` for int32, exact (the stock kernel divides in float32: wrong above 2^24);
 * - `Tile` on `wasm` by block copies (what `broadcastTo` and the `Sum`/`Mean` gradients run);
 * - `Identity` on `wasm` without a copy (the output shares the input's reference-counted buffer);
 * - with the optional native addon only (`nativeStatus`): `Exp` and `Tanh` (vectorised libm), `Sum`
 *   over leading axes, a native `UnsortedSegmentSum`, and this project's fused softmax cross-entropy
 *   kernels (`KERNEL_NAMES` of `@clrec/spec`) on `wasm`.
 */
export const FAST_KERNELS: readonly FastKernel[] = Object.freeze([
  {
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    replaces: false,
    reason: 'missing in tfjs-backend-wasm 4.22 (gradient of tf.gather); native pass with the addon',
    make: () => {
      const native = nativeStatus().addon;
      return native ? makeSegmentSumNative(native, unsortedSegmentSumWasm) : unsortedSegmentSumWasm;
    },
  },
  {
    kernelName: 'UnsortedSegmentSum',
    backendName: 'cpu',
    replaces: true,
    reason: 'stock kernel is O(segments × rows)',
    make: () => unsortedSegmentSumCpu,
  },
  {
    kernelName: 'GatherV2',
    backendName: 'wasm',
    replaces: true,
    reason: 'stock kernel is slow on row lookups; memcpy rows with the optional native addon',
    make: (original) => makeGatherWasm(original, nativeStatus().addon),
  },
  {
    kernelName: 'GatherV2',
    backendName: 'cpu',
    replaces: true,
    reason: 'stock kernel is slow on row lookups',
    make: makeGatherCpu,
  },
  {
    kernelName: 'Transpose',
    backendName: 'cpu',
    replaces: true,
    reason: 'stock kernel copies element by element even when the layout does not change',
    make: makeTransposeCpu,
  },
  {
    kernelName: 'Cast',
    backendName: 'wasm',
    replaces: true,
    reason: 'stock kernel casts to bool by truncating to a byte (0.5 -> false, -3 -> 253)',
    make: makeCastWasm,
  },
  {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    replaces: true,
    reason: 'stock transposeA/transposeB paths are 7-30x slower than transpose + plain product; ' +
      'with the optional native addon, its bundled GEMM (or a system BLAS) on the WASM heap (several times faster, all cores)',
    make: (original) => {
      const wasm = makeBatchMatMulWasm(original);
      const native = nativeStatus();
      return native.addon
        ? makeBatchMatMulNative(native.addon, wasm, { max: native.threads, minFlops: native.multiThreadFlops })
        : wasm;
    },
  },
  ...(['Exp', 'Tanh'] as const).map((op): FastKernel => ({
    kernelName: op,
    backendName: 'wasm',
    replaces: true,
    reason: 'scalar in the stock kernel; vectorised libm with the optional native addon (else unchanged)',
    make: (original) => {
      const native = nativeStatus().addon;
      return native && original ? makeUnaryNative(native, op, original) : original!;
    },
  })),
  {
    kernelName: 'Sum',
    backendName: 'wasm',
    replaces: true,
    reason: 'sums over leading axes (bias gradients) transpose first in the stock kernel; one native pass with the addon',
    make: (original) => {
      const native = nativeStatus().addon;
      return native && original ? makeSumNative(native, original) : original!;
    },
  },
  {
    kernelName: 'Tile',
    backendName: 'wasm',
    replaces: true,
    reason: 'stock kernel computes an index per element; block copies are ~10x faster (broadcastTo, gradients)',
    make: makeTileWasm,
  },
  {
    kernelName: 'Identity',
    backendName: 'wasm',
    replaces: true,
    reason: 'stock kernel copies; the output can share the input buffer (reference counted)',
    make: () => identityWasm,
  },
  {
    kernelName: 'Equal',
    backendName: 'wasm',
    replaces: true,
    reason: 'stock broadcasting path is ~15x slower than equal shapes',
    make: makeEqualWasm,
  },
  ...([
    [KERNEL_NAMES.softmaxCrossEntropy, makeSoftmaxCrossEntropyNative],
    [KERNEL_NAMES.softmaxCrossEntropyGrad, makeSoftmaxCrossEntropyGradNative],
  ] as const).map(([kernelName, make]): FastKernel => ({
    kernelName,
    backendName: 'wasm',
    replaces: false,
    reason: "the softmax cross-entropy of every softmax-family loss (and its gradient) in one native pass per row instead of a dozen WASM passes over the logits; @clrec/core falls back to stock ops where it is not registered",
    make: () => make(nativeStatus().addon!),
    available: () => nativeStatus().addon !== null,
  })),
  {
    kernelName: 'FloorDiv',
    backendName: 'wasm',
    replaces: true,
    reason: 'stock kernel divides int32 in float32: wrong quotients above 2^24 (packed ids of large catalogs)',
    make: makeFloorDivWasm,
  },
]);

const isOurs = (f: KernelFunc | undefined): boolean =>
  f !== undefined && (f as unknown as Record<symbol, unknown>)[FAST_KERNEL] === true;

const mark = (f: KernelFunc, key: symbol): unknown => (f as unknown as Record<symbol, unknown>)[key];

/**
 * Registers this package's kernels ({@link FAST_KERNELS}) in the global tfjs kernel registry, and
 * zero gradients for the comparison kernels tfjs cannot differentiate through
 * (`NON_DIFFERENTIABLE_KERNELS`).
 * It replaces the gradients of `Sum` and `Mean` with identical ones that broadcast `dy` instead of
 * multiplying by an uploaded array of ones (`registerFastGradients`).
 * With the optional native addon (Node: once `@clrec/backend/node` is imported) it also installs the
 * native lazy-Adam row update for `@clrec/core` (`RowKernels`, via a global symbol). Idempotent:
 * kernels already registered by this (or another copy of this) package are left alone, except that
 * kernels registered before the native addon was available are rebuilt with it.
 * A kernel listed as filling a gap (`replaces: false`) never overrides one a newer tfjs already has.
 * Works whether or not the backends have been initialised. Called by `initBackend`; call it yourself
 * when you choose the backend with `tf.setBackend`.
 */
export function registerFastKernels(): void {
  registerMissingGradients();
  registerFastGradients();
  installNativeRowKernels();
  const withNative = nativeStatus().addon !== null;
  for (const k of FAST_KERNELS) {
    if (k.available && !k.available()) continue;
    const existing = tf.getKernel(k.kernelName, k.backendName) as tf.KernelConfig | undefined;
    let original: KernelFunc | undefined;
    if (existing !== undefined && isOurs(existing.kernelFunc)) {
      if (!withNative || mark(existing.kernelFunc, WITH_NATIVE) === true) continue;
      // registered without the addon, which is loaded now: rebuild it on the kernel it replaced
      original = mark(existing.kernelFunc, REPLACED) as KernelFunc | undefined;
    } else {
      if (existing !== undefined && !k.replaces) continue;
      // Nothing to replace: that backend's kernels are not loaded (cannot happen for wasm and cpu,
      // both imported above, unless a future tfjs drops the kernel).
      if (existing === undefined && k.replaces) continue;
      original = existing?.kernelFunc;
    }
    if (existing !== undefined) tf.unregisterKernel(k.kernelName, k.backendName);
    const fast = k.make(original);
    const kernelFunc: KernelFunc = (params) => fast(params);
    Object.defineProperty(kernelFunc, FAST_KERNEL, { value: true });
    Object.defineProperty(kernelFunc, WITH_NATIVE, { value: withNative });
    Object.defineProperty(kernelFunc, REPLACED, { value: original });
    // Keep the replaced kernel's setup (e.g. the WASM cwrap) so the fallback path works.
    tf.registerKernel({
      kernelName: k.kernelName,
      backendName: k.backendName,
      kernelFunc,
      setupFunc: existing?.setupFunc,
      disposeFunc: existing?.disposeFunc,
    });
  }
}
