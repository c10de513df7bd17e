import * as tf from '@tensorflow/tfjs';
import { infoNceLoss, type IntentRouter, type ItemEncoder, Rng } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiIntentQueue } from './multi-intent-queue';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Routes item y to intention y mod 3 and records every call. */
function modRouter(): IntentRouter & { calls: number[][] } {
  const calls: number[][] = [];
  return { specificationVersion: 'v1', intentions: 3, calls, route: (ids) => { calls.push(Array.from(ids)); return Int32Array.from(ids, (id) => id % 3); } };
}

/** Item y ↦ (y, 1): keys reveal their ids. */
const idEncoder: ItemEncoder = {
  specificationVersion: 'v1', dim: 2, encode: (ids) => tf.stack([tf.cast(ids, 'float32'), tf.onesLike(tf.cast(ids, 'float32'))], -1), variables: () => [],
};
const ctx = { itemEncoder: idEncoder, rng: new Rng(1) };
const ids = (a: number[]) => Int32Array.from(a);

describe('MultiIntentQueue', () => {
  it('moves items dequeued from the main queue into the secondary queue of their intention (hand trace)', () => {
    const q = new MultiIntentQueue({ mainCapacity: 4, secondaryCapacity: 2, router: modRouter() });
    const sec = () => [0, 1, 2].map((h) => Array.from(q.secondaryIds(h)));
    q.prepare(ids([1, 2]));
    expect(Array.from(q.mainIds())).toEqual([1, 2]);
    expect(sec()).toEqual([[], [], []]);
    q.prepare(ids([3, 4, 5])); // Q0 overflows by 1: item 1 (1 mod 3 = 1) → Q1
    expect(Array.from(q.mainIds())).toEqual([2, 3, 4, 5]);
    expect(sec()).toEqual([[], [1], []]);
    q.prepare(ids([6, 7])); // drops 2 → Q2, 3 → Q0
    expect(Array.from(q.mainIds())).toEqual([4, 5, 6, 7]);
    expect(sec()).toEqual([[3], [1], [2]]);
    q.prepare(ids([8, 9, 10, 11])); // drops 4 → Q1, 5 → Q2, 6 → Q0, 7 → Q1 (Q1 full: 1 is discarded)
    expect(Array.from(q.mainIds())).toEqual([8, 9, 10, 11]);
    expect(sec()).toEqual([[3, 6], [4, 7], [2, 5]]);
    expect(q.size).toBe(10);
    expect(q.capacity).toBe(6);
  });

  it('gives each row the main queue plus the secondary queue of its target intention (Eq. 13)', () => {
    const router = modRouter();
    const q = new MultiIntentQueue({ mainCapacity: 4, secondaryCapacity: 2, router });
    for (const b of [[1, 2], [3, 4, 5], [6, 7]]) q.prepare(ids(b));
    q.prepare(ids([8, 9, 10, 11])); // Q0..Q2 = [3,6], [4,7], [2,5]; targets route to 2, 0, 1, 2
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const k = q.keys(ids([8, 9, 10, 11]), ctx);
      return {
        keyIds: Array.from(k.keyIds), vec: (k.keys.arraySync() as number[][]).map((r) => r[0]),
        pos: Array.from(k.positives.dataSync()), mask: k.logitMask!.arraySync() as number[][],
      };
    });
    q.commit(ctx);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.keyIds).toEqual([8, 9, 10, 11, 3, 6, 4, 7, 2, 5]);
    expect(out.vec).toEqual(out.keyIds); // encoded with the current item encoder
    expect(out.pos).toEqual([0, 1, 2, 3]);
    const M = -1e9;
    expect(out.mask).toEqual([
      [0, 0, 0, 0, M, M, M, M, 0, 0], // target 8 → Q2
      [0, 0, 0, 0, 0, 0, M, M, M, M], // target 9 → Q0
      [0, 0, 0, 0, M, M, 0, 0, M, M], // target 10 → Q1
      [0, 0, 0, 0, M, M, M, M, 0, 0], // target 11 → Q2
    ]);
    // targets are routed once per step; dropped items once per overflow
    expect(router.calls.slice(-2)).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]].reverse());
  });

  it('the masked InfoNCE equals InfoNCE over each row\'s own Q0 ∪ Q_{h⁺} (hand computation)', () => {
    const q = new MultiIntentQueue({ mainCapacity: 2, secondaryCapacity: 2, router: modRouter() });
    q.prepare(ids([3, 1]));
    q.prepare(ids([5, 4])); // drops 3 → Q0, 1 → Q1; targets 5 → Q2 (empty), 4 → Q1
    const loss = infoNceLoss({ temperature: 1 });
    const users = [[1, 0], [0, 1]];
    const got = tf.tidy(() => {
      const k = q.keys(ids([5, 4]), ctx);
      expect(Array.from(k.keyIds)).toEqual([5, 4, 1]); // Q0 (empty for these rows) is not needed: only Q1 is
      return loss.compute({ users: tf.tensor2d(users), keys: k.keys, positives: k.positives, logitMask: k.logitMask }).dataSync()[0];
    });
    // keys g = (5,1), (4,1), (1,1) → unit: (0.980581, 0.196116), (0.970143, 0.242536), (0.707107, 0.707107)
    // row 0 (u = (1,0), target 5, sees keys 5, 4): logits 0.980581, 0.970143 → lse − 0.980581 = 0.687942
    // row 1 (u = (0,1), target 4, sees 5, 4, 1): logits 0.196116, 0.242536, 0.707107 → lse − 0.242536 = 1.265813
    const lse = (xs: number[]) => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));
    const r0 = lse([0.980581, 0.970143]) - 0.980581;
    const r1 = lse([0.196116, 0.242536, 0.707107]) - 0.242536;
    expect(r0).toBeCloseTo(0.687942, 5);
    expect(r1).toBeCloseTo(1.265813, 5);
    expect(got).toBeCloseTo((r0 + r1) / 2, 5);
  });

  it('counts repeated items: an item held k times adds log k to its logit, as k copies would (Eq. 13 with duplicates)', () => {
    const q = new MultiIntentQueue({ mainCapacity: 3, secondaryCapacity: 3, router: modRouter() });
    q.prepare(ids([3, 6]));
    q.prepare(ids([3, 9])); // drops 3 → Q0
    q.prepare(ids([3, 6])); // drops 6, 3 → Q0 = [3, 6, 3]; main = [9, 3, 6]; both targets route to intention 0
    const users = [[1, 0.5], [-0.5, 1]];
    const got = tf.tidy(() => {
      const k = q.keys(ids([3, 6]), ctx);
      expect(Array.from(k.keyIds)).toEqual([3, 6, 9, 3, 6]); // batch positives, then distinct older main + Q0 items
      const m = k.logitMask!.arraySync() as number[][];
      expect(m[0][3]).toBeCloseTo(Math.log(2), 6); // item 3 twice in Q0
      expect([m[0][0], m[0][1], m[0][2], m[0][4]]).toEqual([0, 0, 0, 0]);
      return infoNceLoss({ temperature: 1 }).compute({ users: tf.tensor2d(users), keys: k.keys, positives: k.positives, logitMask: k.logitMask }).dataSync()[0];
    });
    // Eq. 13 with every copy: row i's denominator runs over main [9, 3, 6] and Q0 [3, 6, 3]
    const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
    const cos = (u: number[], id: number) => { const a = unit(u), b = unit([id, 1]); return a[0] * b[0] + a[1] * b[1]; };
    const row = (u: number[], pos: number) => Math.log([9, 3, 6, 3, 6, 3].reduce((acc, id) => acc + Math.exp(cos(u, id)), 0)) - cos(u, pos);
    expect(got).toBeCloseTo((row(users[0], 3) + row(users[1], 6)) / 2, 5);
  });

  it('round-trips its 1 + H queues through state/restore and rejects mismatched states and batches', () => {
    const q = new MultiIntentQueue({ mainCapacity: 3, secondaryCapacity: 2, router: modRouter() });
    for (const b of [[1, 2, 3], [4, 5], [6, 7, 8]]) q.prepare(ids(b));
    const st = JSON.parse(JSON.stringify(q.state()));
    expect(st).toEqual({ name: 'multi-intent', capacity: 5, items: [6, 7, 8], groups: [[3], [1, 4], [2, 5]] });
    const r = new MultiIntentQueue({ mainCapacity: 3, secondaryCapacity: 2, router: modRouter() });
    r.restore(st);
    expect(r.state()).toEqual(st);
    const wrongH = new MultiIntentQueue({ mainCapacity: 3, secondaryCapacity: 2, router: { specificationVersion: 'v1', intentions: 2, route: (x) => new Int32Array(x.length) } });
    expect(() => wrongH.restore(st)).toThrow(/3 secondary queues, this model has 2 intentions/);
    expect(() => r.restore({ name: 'inter', capacity: 3, items: [] })).toThrow(/"inter" queue/);
    expect(() => r.prepare(ids([1, 2, 3, 4]))).toThrow(/batch size 4 exceeds the main queue capacity 3/);
    expect(() => r.keys(ids([1]), ctx)).toThrow(/without prepare/);
    const bad = new MultiIntentQueue({ mainCapacity: 1, secondaryCapacity: 1, router: { specificationVersion: 'v1', intentions: 2, route: (x) => Int32Array.from(x, () => 7) } });
    bad.prepare(ids([1]));
    expect(() => bad.prepare(ids([2]))).toThrow(/intention 7, outside \[0, 2\)/);
  });
});
