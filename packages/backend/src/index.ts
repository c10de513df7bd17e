/**
 * @packageDocumentation
 * CLRec compute backend adapter: picks `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, WASM or
 * the JS CPU backend, and registers the kernels the WASM backend lacks (and a fast CPU one). The
 * backends are `Backend` plugins of `@clrec/spec` (`backendPlugin(name)`); `initBackend` also takes
 * a user's own.
 */
export { parseBackendName, BACKEND_NAMES } from './backend-name';
export type { Backend, BackendName } from '@clrec/spec';
export { initBackend } from './init-backend';
export type { BackendInfo, InitBackendOptions } from './init-backend';
export { backendPlugin, threadsFor } from './backend-plugin';
export { registerFastKernels, FAST_KERNELS } from './register';
export { ADDON_VERSION, nativeStatus, describeNative, installNativeRowKernels, CORE_ROW_KERNELS } from './native-addon';
export { gemmPath, nativeEnv, formatNativeEnv, NATIVE_ENV_SWITCHES } from './native-env';
export type { NativeEnv, NativeEnvSwitch } from './native-env';
export type { NativeAddon, NativeStatus } from './native-addon';
export { makeBatchMatMulNative, nativeMatMulPlan } from './native-matmul-kernels';
export type { FastKernel } from './register';
export { unsortedSegmentSumWasm, unsortedSegmentSumCpu } from './segment-sum-kernels';
export { makeGatherWasm, makeGatherCpu } from './gather-kernels';
export { makeTransposeCpu } from './transpose-kernels';
export { makeTileWasm, tileInto } from './tile-kernels';
export { makeCastWasm } from './cast-kernels';
export { registerMissingGradients, registerFastGradients, NON_DIFFERENTIABLE_KERNELS } from './gradients';
export { segmentSumInto } from './segment-sum';
export type { NumericArray } from './segment-sum';
export type { ModuleImporter } from './node-bindings';
