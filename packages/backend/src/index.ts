/**
 * @packageDocumentation
 * CLRec compute backend adapter: picks the tfjs backend — under Node `@tensorflow/tfjs-node-gpu`,
 * `@tensorflow/tfjs-node`, WASM or the JS CPU backend; in a browser WebGPU (optional
 * `@tensorflow/tfjs-backend-webgpu`), WebGL, WASM or CPU — and registers the kernels the WASM backend
 * lacks (and a fast CPU one). The backends are `Backend` plugins of `@clrec/spec`
 * (`backendPlugin(name)`); `initBackend` also takes a user's own. This entry imports no Node built-in
 * and runs in a browser; the optional native addon (Node) is in `@clrec/backend/node`.
 */
export { parseBackendName, BACKEND_NAMES, BROWSER_BACKEND_NAMES, defaultBackendNames } from './backend-name';
export type { Backend, BackendName } from '@clrec/spec';
export { detectRuntime } from './runtime';
export type { Runtime } from './runtime';
export { initBackend } from './init-backend';
export type { BackendInfo, InitBackendOptions } from './init-backend';
export { backendPlugin, threadsFor } from './backend-plugin';
export { registerFastKernels, FAST_KERNELS } from './register';
export { ADDON_VERSION, activeNativeStatus, describeNative, installNativeRowKernels, CORE_ROW_KERNELS } from './native-status';
export { gemmPath, nativeEnv, formatNativeEnv, NATIVE_ENV_SWITCHES } from './native-env';
export type { NativeEnv, NativeEnvSwitch } from './native-env';
export type { NativeAddon, NativeStatus } from './native-status';
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
