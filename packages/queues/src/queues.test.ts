import * as tf from '@tensorflow/tfjs';
import { infoNceLoss, lossAndGrads, Rng, type NegativeQueue, type QueueContext } from '@clrec/core';
import { ItemIdEmbedding } from '@clrec/encoders';
import { beforeAll, describe, expect, it } from 'vitest';
import { CachedQueue } from './cached-queue';
import { InBatchQueue } from './in-batch-queue';
import { InterBatchQueue } from './inter-batch-queue';
import { MomentumQueue } from './momentum-queue';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const D = 4;
const N = 12;
const loss = infoNceLoss({ temperature: 0.5 });

function setup(seed = 1) {
  const item = new ItemIdEmbedding({ numItems: N, dim: D, rng: new Rng(seed), initStd: 1 });
  const ctx: QueueContext = { itemEncoder: item, rng: new Rng(2) };
  return { item, ctx };
}

/** One step: prepare, loss against the queue's keys with users = fixed vectors, gradient w.r.t. the table. */
function step(q: NegativeQueue, ctx: QueueContext, item: ItemIdEmbedding, ids: number[], users: number[][] | { rows: number[] }) {
  const pos = Int32Array.from(ids);
  q.prepare(pos, ctx);
  const out = tf.tidy(() => {
    const { loss: value, grads } = lossAndGrads(item.variables(), () => {
      // users are constants, or (rows) embeddings of given items, like a history encoder would give
      const u = Array.isArray(users) ? tf.tensor2d(users) : (item.encode(tf.tensor1d(users.rows, 'int32')) as tf.Tensor2D);
      const k = q.keys(pos, ctx);
      return loss.compute({ users: u, keys: k.keys, positives: k.positives });
    });
    const g = grads.get('item.id_embedding')!;
    return { value: value.dataSync()[0], rowGrad: tf.sum(tf.abs(g), 1).arraySync() as number[] };
  });
  q.commit(ctx);
  return out;
}

const users = (b: number, r: Rng) => Array.from({ length: b }, () => Array.from({ length: D }, () => r.normal()));

describe('queues', () => {
  it('inter: batch positives are the newest keys and gradients reach every queued key', () => {
    const { item, ctx } = setup();
    const q = new InterBatchQueue(6);
    const r = new Rng(3);
    const before = tf.memory().numTensors;
    step(q, ctx, item, [1, 2], users(2, r));
    step(q, ctx, item, [3, 4], users(2, r));
    const k = tf.tidy(() => {
      q.prepare(Int32Array.of(5, 6), ctx);
      const s = q.keys(Int32Array.of(5, 6), ctx);
      return { ids: Array.from(s.keyIds), pos: Array.from(s.positives.dataSync()) };
    });
    expect(k.ids).toEqual([1, 2, 3, 4, 5, 6]);
    expect(k.pos).toEqual([4, 5]);
    const g = step(q, ctx, item, [7, 8], users(2, r)).rowGrad; // queue now [3..8]
    for (const id of [3, 4, 5, 6, 7, 8]) expect(g[id]).toBeGreaterThan(0);
    for (const id of [1, 2, 9]) expect(g[id]).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => q.prepare(Int32Array.from({ length: 7 }, (_, i) => i + 1), ctx)).toThrow(/exceeds the queue capacity 6/);
    item.table.dispose();
  });

  it('cached: only the present batch back-propagates; old keys get no gradient', () => {
    const { item, ctx } = setup();
    const q = new CachedQueue(6);
    const r = new Rng(3);
    const before = tf.memory().numTensors;
    step(q, ctx, item, [1, 2], users(2, r));
    step(q, ctx, item, [3, 4], users(2, r));
    const g = step(q, ctx, item, [5, 6], users(2, r)).rowGrad; // keys: [5,6 fresh ; 1..4 cached]
    expect(g[5]).toBeGreaterThan(0);
    expect(g[6]).toBeGreaterThan(0);
    for (const id of [1, 2, 3, 4]) expect(g[id]).toBe(0);
    expect(q.state().items).toEqual([1, 2, 3, 4, 5, 6]);
    // cached vectors are the encodings at the time they were enqueued (1, 2 from before any update here)
    expect(q.state().vectors!.length).toBe(6 * D);
    q.dispose();
    expect(tf.memory().numTensors).toBe(before);
    item.table.dispose();
  });

  it('cached: state round-trips and the restored queue yields the same keys', () => {
    const { item, ctx } = setup();
    const q = new CachedQueue(4);
    const r = new Rng(5);
    step(q, ctx, item, [1, 2], users(2, r));
    step(q, ctx, item, [3, 4], users(2, r));
    const saved = JSON.parse(JSON.stringify(q.state()));
    const q2 = new CachedQueue(4);
    q2.restore(saved);
    const keysOf = (qq: CachedQueue) => tf.tidy(() => Array.from(qq.keys(Int32Array.of(5, 6), ctx).keys.dataSync()));
    expect(keysOf(q2)).toEqual(keysOf(q));
    q.dispose();
    q2.dispose();
    item.table.dispose();
  });

  it('moco: the momentum update is exact and keys carry no gradient', () => {
    const { item, ctx } = setup();
    const q = new MomentumQueue({ capacity: 6, momentum: 0.9, itemEncoder: item });
    const before = tf.memory().numTensors;
    const k0 = (q.keyEncoder.variables()[0].variable.arraySync() as number[][]).map((row) => [...row]);
    const g = step(q, ctx, item, [1, 2], { rows: [10, 11] }).rowGrad;
    // gradient reaches the query side (rows 10, 11) but not the keys (1, 2 come from the key encoder)
    expect(g[10]).toBeGreaterThan(0);
    expect(g[11]).toBeGreaterThan(0);
    expect(g[1]).toBe(0);
    expect(g[2]).toBe(0);
    // the step applied no update; change the query table by hand to check the momentum update
    tf.tidy(() => item.table.assign(tf.add(item.table, 1)));
    q.prepare(Int32Array.of(3), ctx);
    q.commit(ctx);
    const q1 = item.table.arraySync() as number[][];
    const k1 = q.keyEncoder.variables()[0].variable.arraySync() as number[][];
    // θk ← 0.9 θk + 0.1 θq, applied twice: after step 1 θk = θq0 (identical copies), after step 2
    // θk = 0.9 θq0 + 0.1 (θq0 + 1) = θq0 + 0.1
    for (let i = 0; i <= N; i++) for (let j = 0; j < D; j++) {
      expect(k1[i][j]).toBeCloseTo(k0[i][j] + 0.1, 5);
      expect(q1[i][j]).toBeCloseTo(k0[i][j] + 1, 5);
    }
    expect(q.size).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    q.dispose();
    item.table.dispose();
  });

  it('intra equals inter when the queue size equals the batch size', () => {
    const a = setup(7);
    const b = setup(7);
    const intra = new InBatchQueue();
    const inter = new InterBatchQueue(3);
    const r1 = new Rng(9);
    const r2 = new Rng(9);
    for (let s = 0; s < 3; s++) {
      const ids = [1 + s, 5 + s, 9];
      const x = step(intra, a.ctx, a.item, ids, users(3, r1));
      const y = step(inter, b.ctx, b.item, ids, users(3, r2));
      expect(y.value).toBeCloseTo(x.value, 6);
      y.rowGrad.forEach((v, i) => expect(v).toBeCloseTo(x.rowGrad[i], 6));
      // apply the same plain SGD update to both tables so the next step differs from this one
      for (const m of [a, b]) tf.tidy(() => m.item.table.assign(tf.mul(m.item.table, 0.9)));
    }
    a.item.table.dispose();
    b.item.table.dispose();
  });
});
