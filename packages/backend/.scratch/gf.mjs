import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../dist/index.js';
await initBackend({ prefer: 'wasm', log: () => {} });
const ROWS=12000, DIM=64, N=256*51;
const idx = tf.tensor1d(Int32Array.from({length:N},()=>Math.floor(Math.random()*ROWS)),'int32');
const t = tf.randomUniform([ROWS,DIM]);
for(let i=0;i<100;i++) tf.tidy(()=>{tf.gather(t, idx)});
