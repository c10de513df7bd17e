/**
 * Compute backends the library can run on. Under Node, in automatic preference order: native
 * TensorFlow on a CUDA GPU (`@tensorflow/tfjs-node-gpu`), native TensorFlow on the CPU
 * (`@tensorflow/tfjs-node`), WASM, then tfjs's JS CPU backend. In a browser: WebGPU
 * (`@tensorflow/tfjs-backend-webgpu`, optional), WebGL (part of `@tensorflow/tfjs`), WASM, then CPU.
 */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
