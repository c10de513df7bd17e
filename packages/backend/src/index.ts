/**
 * @packageDocumentation
 * CLRec compute backend adapter: picks `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, WASM or
 * the JS CPU backend, and registers the kernels the WASM backend lacks (and a fast CPU one).
 */
/** Re-export, documented at its definition. */
export { parseBackendName, BACKEND_NAMES } from './backend-name';
/** Re-export, documented at its definition. */
export type { BackendName } from './backend-name';
/** Re-export, documented at its definition. */
export { initBackend } from './init-backend';
/** Re-export, documented at its definition. */
export type { BackendInfo, InitBackendOptions } from './init-backend';
/** Re-export, documented at its definition. */
export { backendPlugin, threadsFor } from './backend-plugin';
/** Re-export, documented at its definition. */
export type { BackendPlugin } from './backend-plugin';
/** Re-export, documented at its definition. */
export { registerFastKernels, FAST_KERNELS } from './register';
/** Re-export, documented at its definition. */
export type { FastKernel } from './register';
/** Re-export, documented at its definition. */
export { unsortedSegmentSumWasm, unsortedSegmentSumCpu } from './segment-sum-kernels';
/** Re-export, documented at its definition. */
export { makeGatherWasm, makeGatherCpu } from './gather-kernels';
/** Re-export, documented at its definition. */
export { makeTransposeCpu } from './transpose-kernels';
/** Re-export, documented at its definition. */
export { makeCastWasm } from './cast-kernels';
/** Re-export, documented at its definition. */
export { registerMissingGradients, NON_DIFFERENTIABLE_KERNELS } from './gradients';
/** Re-export, documented at its definition. */
export { segmentSumInto } from './segment-sum';
