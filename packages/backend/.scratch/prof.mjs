import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../dist/index.js';
await initBackend({ prefer: process.argv[2] ?? 'wasm', log: () => {} });
const ROWS=12000, DIM=64, N=256*51;
const idx = tf.tensor1d(Int32Array.from({length:N},()=>Math.floor(Math.random()*ROWS)),'int32');
const dy = tf.randomUniform([N,DIM]);
for (let k=0;k<4;k++){
  let t0=performance.now();
  const o = tf.unsortedSegmentSum(dy, idx, ROWS);
  let t1=performance.now();
  o.dataSync();
  let t2=performance.now();
  o.dispose();
  console.log('kernel', (t1-t0).toFixed(2), 'read', (t2-t1).toFixed(2));
}
