import * as tf from '@tensorflow/tfjs';
import { initBackend, registerFastKernels } from '../dist/index.js';
const info = await initBackend({ prefer: process.argv[2] ?? 'wasm' });
console.log(info);
const V = 50, D = 8, B = 6, L = 5;
const seed = 1;
const mk = () => {
  const emb = tf.variable(tf.randomNormal([V, D], 0, 1, 'float32', seed), true, 'emb');
  const w1 = tf.variable(tf.randomNormal([D, D], 0, 0.3, 'float32', seed + 1), true, 'w1');
  const w3 = tf.variable(tf.randomNormal([2, D, D], 0, 0.3, 'float32', seed + 2), true, 'w3');
  const b1 = tf.variable(tf.zeros([D]), true, 'b1');
  return { emb, w1, w3, b1 };
};
const ids = tf.tensor2d([...Array(B * L)].map((_, i) => (i * 7) % V), [B, L], 'int32');
const pos = tf.tensor1d([...Array(B)].map((_, i) => (i * 3) % V), 'int32');
function loss(v) {
  const h = tf.gather(v.emb, ids); // [B,L,D]
  const mask = tf.greater(ids, tf.scalar(3, 'int32'));
  const maskF = tf.cast(mask, 'float32');
  const hm = tf.where(tf.tile(tf.expandDims(mask, 2), [1, 1, D]), h, tf.zerosLike(h));
  const t = tf.tanh(tf.add(tf.matMul(tf.reshape(hm, [B * L, D]), v.w1), v.b1));
  const r = tf.relu(tf.reshape(t, [B, L, D]));
  const att = tf.softmax(tf.sum(r, 2)); // [B,L]
  const pooled = tf.squeeze(tf.matMul(tf.expandDims(att, 1), hm), [1]); // batched matmul
  const bm = tf.matMul(tf.stack([pooled, pooled]), v.w3); // [2,B,D] batched
  let u = tf.add(tf.slice(bm, [0, 0, 0], [1, B, D]).reshape([B, D]), tf.mul(tf.mean(r, 1), tf.sum(maskF, 1, true)));
  u = tf.div(u, tf.sqrt(tf.add(tf.sum(tf.square(u), 1, true), 1e-6)));
  const k = tf.concat([tf.gather(v.emb, pos), tf.transpose(tf.slice(v.emb, [10, 0], [D, D]))], 0);
  const kn = tf.div(k, tf.norm(k, 'euclidean', 1, true));
  const logits = tf.mul(tf.matMul(u, kn, false, true), 5);
  const lsm = tf.logSoftmax(logits);
  const oh = tf.oneHot(tf.range(0, B, 1, 'int32'), B + D);
  const l1 = tf.neg(tf.mean(tf.sum(tf.mul(oh, lsm), 1)));
  const l2 = tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.max(logits, 1)));
  const l3 = tf.mean(tf.log(tf.add(tf.exp(tf.mul(logits, 0.1)), 1)));
  return tf.add(tf.add(l1, l2), l3);
}
const v = mk();
const before = tf.memory().numTensors;
const { value, grads } = tf.variableGrads(() => loss(v));
console.log('loss', value.dataSync()[0]);
for (const [n, g] of Object.entries(grads)) console.log(n, g.shape, tf.sum(tf.abs(g)).dataSync()[0]);
const opt = tf.train.adam(0.01);
for (let i = 0; i < 3; i++) opt.minimize(() => loss(v));
console.log('after adam', loss(v).dataSync()[0]);
