import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../dist/index.js';
await initBackend({ prefer: 'wasm', log: () => {} });
const ROWS=12000, DIM=64, N=256*51;
let s = 42;
const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const ids = Int32Array.from({ length: N }, () => Math.floor(rnd() * ROWS));
console.log(ids.slice(0,20), new Set(ids).size);
