/**
 * Compute backends the library can run on, in automatic preference order: native TensorFlow on a CUDA
 * GPU (`@tensorflow/tfjs-node-gpu`), native TensorFlow on the CPU (`@tensorflow/tfjs-node`), WASM,
 * then tfjs's JS CPU backend.
 */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
