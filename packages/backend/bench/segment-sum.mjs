#!/usr/bin/env node
// Micro benchmark: the gradient of tf.gather (= UnsortedSegmentSum) for a 12,000 x 64 embedding table
// and 256 * 51 indices (256 histories of 50 clicks + 1 target), on WASM and on the JS CPU backend with
// this package's kernels, plus one small embedding training step (mean-pooled history, in-batch
// softmax, Adam on the table).
// Build first (`pnpm build`), then:  node bench/segment-sum.mjs [--stock]
// --stock also times the stock tfjs kernels for comparison (the stock CPU UnsortedSegmentSum once, on
// a 10x smaller problem: it is O(segments x rows) in time and memory).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { FAST_KERNELS, initBackend } from '../dist/index.js';

const ROWS = 12_000;
const DIM = 64;
const BATCH = 256;
const HIST = 50;
const N = BATCH * (HIST + 1);
const REPS = 20;
const stock = process.argv.includes('--stock');

// Stock kernels, captured before initBackend registers ours.
const stockKernels = FAST_KERNELS.filter((k) => k.replaces)
  .map((k) => tf.getKernel(k.kernelName, k.backendName))
  .filter(Boolean)
  .map((k) => ({ ...k }));
const ourKernels = () => stockKernels.map((k) => ({ ...tf.getKernel(k.kernelName, k.backendName) }));
function swap(configs) {
  for (const k of configs) {
    tf.unregisterKernel(k.kernelName, k.backendName);
    tf.registerKernel(k);
  }
}

function inputs() {
  let s = 42;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const ids = Int32Array.from({ length: N }, () => Math.floor(rnd() * ROWS));
  const dy = Float32Array.from({ length: N * DIM }, () => rnd() - 0.5);
  const table = Float32Array.from({ length: ROWS * DIM }, () => (rnd() - 0.5) * 0.1);
  return { ids, dy, table };
}

function time(label, fn, reps = REPS, warmUp = true) {
  if (warmUp) fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  const ms = (performance.now() - t0) / reps;
  console.log(`${label.padEnd(58)} ${ms.toFixed(2).padStart(9)} ms`);
}

async function run(backend) {
  await initBackend({ prefer: backend, log: () => {} });
  const { ids, dy, table } = inputs();
  const t = tf.tensor2d(table, [ROWS, DIM]);
  const idx = tf.tensor1d(ids, 'int32');
  const dyT = tf.tensor2d(dy, [N, DIM]);
  const gradOfGather = tf.grad((x) => tf.gather(x, idx));
  // Never return typed arrays from tf.tidy: it walks them element by element.
  time(`${backend}: grad of gather (${ROWS}x${DIM}, ${N} ids)`, () => {
    tf.tidy(() => { gradOfGather(t, dyT).dataSync(); });
  });
  time(`${backend}: UnsortedSegmentSum kernel alone`, () => {
    tf.tidy(() => { tf.unsortedSegmentSum(dyT, idx, ROWS).dataSync(); });
  });
  time(`${backend}: gather forward alone`, () => {
    tf.tidy(() => { tf.gather(t, idx).dataSync(); });
  });
  if (stock && backend === 'wasm') {
    const ours = ourKernels();
    swap(stockKernels);
    time(`${backend}: grad of gather, stock GatherV2 + our USS`, () => {
      tf.tidy(() => { gradOfGather(t, dyT).dataSync(); });
    });
    swap(ours);
  }
  // One training step: user = mean of 50 history embeddings, in-batch softmax over 256 targets.
  const emb = tf.variable(t);
  const hist = tf.tensor2d(ids.subarray(0, BATCH * HIST), [BATCH, HIST], 'int32');
  const target = tf.tensor1d(ids.subarray(BATCH * HIST), 'int32');
  const labels = tf.oneHot(tf.range(0, BATCH, 1, 'int32'), BATCH);
  const opt = tf.train.adam(1e-3);
  const l2n = (x) => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12)));
  time(`${backend}: training step (batch ${BATCH}, hist ${HIST}, Adam)`, () => {
    const loss = opt.minimize(() => {
      const u = l2n(tf.mean(tf.gather(emb, hist), 1));
      const k = l2n(tf.gather(emb, target));
      const logits = tf.mul(tf.matMul(u, k, false, true), 20);
      return tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1)));
    }, true);
    loss.dataSync();
    loss.dispose();
  }, 10);
  opt.dispose();
  tf.dispose([t, idx, dyT, emb, hist, target, labels]);
}

if (stock) {
  // The stock CPU kernel keeps one [rows, 64] product per segment alive until it returns: at full
  // size that is ~40 GB, so it is timed on a 10x smaller problem (its cost is O(segments x rows)).
  await tf.setBackend('cpu');
  const { ids, dy } = inputs();
  const rows = ROWS / 10;
  const n = Math.floor(N / 10);
  const idx = tf.tensor1d(ids.subarray(0, n).map((v) => v % rows), 'int32');
  const dyT = tf.tensor2d(dy.subarray(0, n * DIM), [n, DIM]);
  time(`cpu: stock UnsortedSegmentSum, ${rows} segments x ${n} ids (once)`, () => {
    tf.tidy(() => { tf.unsortedSegmentSum(dyT, idx, rows).dataSync(); });
  }, 1, false);
  tf.dispose([idx, dyT]);
}
await run('wasm');
await run('cpu');
