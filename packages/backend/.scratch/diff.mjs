import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
const w = new Set(tf.getKernelsForBackend('wasm').map(k=>k.kernelName));
const c = tf.getKernelsForBackend('cpu').map(k=>k.kernelName).sort();
console.log(c.filter(k=>!w.has(k)).join(' '));
