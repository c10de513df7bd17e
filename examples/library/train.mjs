// Train CLRec from the published packages with your own Loss and NegativeQueue objects.
// Usage: node train.mjs [path to ml-100k]   (prints "HR@10 <value>")
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { cosineLogits, LazyAdam, Rng } from '@clrec/core';
import { leaveOneOutSplit, loadDataset } from '@clrec/datasets/node';
import { buildModel, evaluateFullRanking, fit, nanGuard } from '@clrec/training';

/** A custom Loss: InfoNCE over cosine similarity at temperature 0.07 (KDD Eq. 3). */
const myLoss = {
  specificationVersion: 'v1', name: 'my-infonce', requires: {},
  compute: ({ users, keys, positives, logitMask }) => {
    const logits = logitMask ? tf.add(cosineLogits(users, keys, 0.07), logitMask) : cosineLogits(users, keys, 0.07);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(positives, keys.shape[0]), logits);
  },
};

/** A custom NegativeQueue: FIFO of earlier positives' item ids, re-encoded every step (CLRec-inter). */
class MyFifoQueue {
  specificationVersion = 'v1'; name = 'my-fifo'; kind = 'fifo'; ids = [];
  constructor(capacity) { this.capacity = capacity; }
  get size() { return this.ids.length; }
  prepare(positiveIds) { this.ids = [...this.ids, ...positiveIds].slice(-this.capacity); }
  keys(positiveIds, ctx) {
    const keyIds = Int32Array.from(this.ids);
    const first = keyIds.length - positiveIds.length; // this batch's positives are the newest keys
    const keys = ctx.itemEncoder.encode(tf.tensor1d(keyIds, 'int32'));
    return { keys, positives: tf.range(first, keyIds.length, 1, 'int32'), keyIds };
  }
  commit() {}
  variables() { return []; }
  state() { return { name: this.name, capacity: this.capacity, items: [...this.ids] }; }
  restore(s) { this.ids = [...s.items]; }
  dispose() {}
}

await initBackend({ prefer: 'wasm' });
const dataset = loadDataset(process.argv[2] ?? '../../../shared/datasets/ml-100k');
const split = leaveOneOutSplit(dataset);
const maxLen = 50;
const model = buildModel({
  numItems: dataset.numItems, dim: 64, similarity: 'cosine', item: { features: [], labelFeatures: true }, timeBuckets: 0, u2uKey: false,
  user: { kind: 'multiatt-wha', maxLen, positional: 'forward', heads: 8, hidden: 64, aggregation: 'wha' },
}, new Rng(42));
await fit({
  model, loss: myLoss, queue: new MyFifoQueue(2560), optimizer: new LazyAdam(model.params, { learningRate: 1e-3 }),
  data: { sequences: split.train }, epochs: 2, batchSize: 256, maxLen, callbacks: [nanGuard()],
});
const metrics = await evaluateFullRanking(model, split.test, { ks: [10], maxLen, excludeHistory: false });
console.log(`HR@10 ${metrics['HR@10'].toFixed(4)}`);
