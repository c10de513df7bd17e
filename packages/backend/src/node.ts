/**
 * @packageDocumentation
 * The Node side of `@clrec/backend`: everything of the main entry, plus the optional native addon
 * (N-API: bundled GEMM or a system BLAS, vectorised libm, row kernels on the WASM heap) and its
 * loader {@link nativeStatus}. Importing this entry makes `initBackend` and `registerFastKernels`
 * (of either entry) use the addon when it loads: the kernels of `wasm` run on it and `@clrec/core`
 * gets its native row updates. Under Node, `initBackend` tries `tensorflow-gpu`, `tensorflow`,
 * `wasm`, then `cpu`.
 */
import { nativeStatus } from './native-addon';
import { setNativeStatusSource } from './native-status';

export * from './index';
export { nativeStatus } from './native-addon';

// The one side effect of this entry (listed in package.json "sideEffects"): the addon is loaded on
// first use by the kernels and initBackend of this process.
setNativeStatusSource(nativeStatus);
