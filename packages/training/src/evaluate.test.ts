import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import type { Metric } from '@clrec/core';
import type { EvalExample } from '@clrec/datasets';
import { hitRate } from '@clrec/metrics';
import { hnswIndexFactory } from '@clrec/retrieval/node';
import type { TimedSequenceBatch } from '@clrec/encoders';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateFullRanking, evaluateProtocols } from './evaluate';
import type { Model } from './model';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

/**
 * A fixed two-dimensional model. Items (normalised by the evaluation): 1 (1, 0), 2 (0, 1),
 * 3 (0.7071, 0.7071), 4 (-1, 0). The user vector is the sum of a table row per history item.
 */
function fakeModel(): { model: Model; dispose: () => void } {
  const items = tf.tensor2d([[0, 0], [1, 0], [0, 1], [1, 1], [-1, 0]]);
  const users = tf.tensor2d([[0, 0], [1, 0.5], [-1, 0.2], [0, 0], [0, 0]]);
  const model = {
    item: { numItems: 4, dim: 2, encode: (ids: tf.Tensor) => tf.gather(items, ids) },
    user: { encode: (b: TimedSequenceBatch) => tf.tidy(() => tf.sum(tf.mul(tf.gather(users, b.items), tf.expandDims(b.mask, -1)), 1)) },
    sequence: null,
    similarity: 'cosine',
    timeBuckets: 0,
    itemFeatures: [],
    params: [],
    dispose: () => {},
  } as unknown as Model;
  return { model, dispose: () => { items.dispose(); users.dispose(); } };
}

const ex = (history: number[], target: number, user: number): EvalExample =>
  ({ user, history: Int32Array.from(history), historyTimes: null, target, time: null });

// User A: history [1] -> u = (1, 0.5): scores item 1: 1, item 2: 0.5, item 3: 1.5 × 0.7071 = 1.0607, item 4: -1
//   order 3, 1, 2, 4; target 2 -> full rank 2 (history kept), 1 (item 1 excluded)
// User B: history [2] -> u = (-1, 0.2): item 1: -1, item 2: 0.2, item 3: -0.8 × 0.7071 = -0.5657, item 4: 1
//   order 4, 2, 3, 1; target 4 -> rank 0 either way
const examples = [ex([1], 2, 0), ex([2], 4, 1)];

describe('evaluateProtocols', () => {
  it('reads full ranks, sampled ranks and top-K lists off one scoring pass (hand example)', async () => {
    const { model, dispose } = fakeModel();
    const before = tf.memory().numTensors;
    // A's negatives 4 (-1, below) and 3 (1.06, above) -> sampled rank 1; B's negative 1 (-1) -> rank 0
    const sampled = [{ name: 'p', negatives: [[4, 3], [1]] }];
    const kept = await evaluateProtocols(model, examples, { ks: [1, 2], maxLen: 5, excludeHistory: false, sampled, topK: 2, blockSize: 1 });
    // full ranks [2, 0]: HR@1 = HR@2 = 1/2; MRR = (1/3 + 1) / 2 = 0.6666667
    expect(kept.full['HR@1']).toBe(0.5);
    expect(kept.full['HR@2']).toBe(0.5);
    expect(kept.full.MRR).toBeCloseTo(0.6666666667, 6);
    expect(kept.full.count).toBe(2);
    // no target repeats its history item here
    expect([kept.full.repeatTargets, kept.repeatTargets, kept.repeatTargetsMasked]).toEqual([0, 0, false]);
    // sampled ranks [1, 0]: HR@1 = 1/2, HR@5 = 1, MRR = (1/2 + 1) / 2 = 0.75
    expect(kept.sampled.p['HR@1']).toBe(0.5);
    expect(kept.sampled.p['HR@5']).toBe(1);
    expect(kept.sampled.p.MRR).toBeCloseTo(0.75, 12);
    expect(kept.topK.map((l) => Array.from(l))).toEqual([[3, 1], [4, 2]]);
    const excl = await evaluateProtocols(model, examples, { ks: [1, 2], maxLen: 5, excludeHistory: true, sampled, topK: 2 });
    // full ranks [1, 0]: HR@2 = 1; NDCG@2 = (1/log2(3) + 1) / 2 = (0.6309298 + 1) / 2 = 0.8154649; MRR = 0.75
    expect(excl.full['HR@2']).toBe(1);
    expect(excl.full['NDCG@2']).toBeCloseTo(0.8154648768, 6);
    expect(excl.full.MRR).toBeCloseTo(0.75, 6);
    // the sampled protocol does not depend on the exclusion; the lists skip the history
    expect(excl.sampled).toEqual(kept.sampled);
    expect(excl.topK.map((l) => Array.from(l))).toEqual([[3, 2], [4, 3]]);
    expect(await evaluateFullRanking(model, examples, { ks: [1, 2], maxLen: 5, excludeHistory: true })).toEqual(excl.full);
    // the lists through the serving index of `clrec serve --index hnsw` (search, history dropped after an over-fetch): same here
    const hnsw = await evaluateProtocols(model, examples, { ks: [1, 2], maxLen: 5, excludeHistory: true, topK: 2, index: hnswIndexFactory({ metric: 'cosine', buildThreads: 1 }) });
    expect(hnsw.topK.map((l) => Array.from(l))).toEqual([[3, 2], [4, 3]]);
    expect(hnsw.full).toEqual(excl.full); // ranks stay exact
    // a custom Metric plugin gets the full ranks [1, 0] (history excluded): share of rank 0 = 0.5
    const top1: Metric = { specificationVersion: 'v1', name: 'top1-share', fromRanks: (r) => Array.from(r).filter((x) => x === 0).length / r.length };
    const withMetric = await evaluateProtocols(model, examples, { ks: [1], maxLen: 5, excludeHistory: true, metrics: [top1, hitRate(2)] });
    expect(withMetric.full['top1-share']).toBe(0.5);
    expect(withMetric.full['HR@2']).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    dispose();
  });

  it('masks a target repeated from the history when it is excluded: a miss, counted in repeatTargets', async () => {
    const { model, dispose } = fakeModel();
    const before = tf.memory().numTensors;
    // User R: history [1, 3] -> u = (1, 0.5) + (0, 0): item 1: 1, 2: 0.5, 3: 1.0607, 4: -1; order 3, 1, 2, 4.
    //   Target 3 is in R's history (a repeat) and would rank first (rank 0).
    // User B as above: history [2], target 4 -> rank 0 either way.
    const repeat = [ex([1, 3], 3, 0), ex([2], 4, 1)];
    // R's sampled negatives leave out R's items {1, 3}: [2, 4] both score below item 3 -> sampled rank 0
    const sampled = [{ name: 'p', negatives: [[2, 4], [1]] }];
    const kept = await evaluateProtocols(model, repeat, { ks: [1, 4], maxLen: 5, excludeHistory: false, sampled, topK: 2 });
    // history included: ranks [0, 0] -> HR@1 = 1, MRR = 1
    expect(kept.full).toEqual({ 'HR@1': 1, 'NDCG@1': 1, 'HR@4': 1, 'NDCG@4': 1, MRR: 1, count: 2, repeatTargets: 1 });
    expect([kept.repeatTargets, kept.repeatTargetsMasked]).toEqual([1, false]);
    const excl = await evaluateProtocols(model, repeat, { ks: [1, 4], maxLen: 5, excludeHistory: true, sampled, topK: 2 });
    // history excluded: R's target is masked with its history -> a miss at every K; B rank 0.
    // HR@1 = HR@4 = NDCG@1 = NDCG@4 = (0 + 1) / 2 = 0.5; MRR = (0 + 1) / 2 = 0.5
    expect(excl.full).toEqual({ 'HR@1': 0.5, 'NDCG@1': 0.5, 'HR@4': 0.5, 'NDCG@4': 0.5, MRR: 0.5, count: 2, repeatTargets: 1 });
    expect([excl.repeatTargets, excl.repeatTargetsMasked]).toEqual([1, true]);
    // the sampled protocol still ranks the repeated target (its negatives exclude R's items): rank 0 for both
    expect(excl.sampled.p['HR@1']).toBe(1);
    expect(excl.sampled).toEqual(kept.sampled);
    // R's top-K list skips its history, the target included; with the history kept the target leads
    expect(excl.topK.map((l) => Array.from(l))).toEqual([[2, 4], [4, 3]]);
    expect(kept.topK[0][0]).toBe(3);
    // R alone: HR@1 = 0 with the history excluded, 1 with it included
    const alone = [repeat[0]];
    expect(await evaluateFullRanking(model, alone, { ks: [1], maxLen: 5, excludeHistory: true })).toEqual({ 'HR@1': 0, 'NDCG@1': 0, MRR: 0, count: 1, repeatTargets: 1 });
    expect(await evaluateFullRanking(model, alone, { ks: [1], maxLen: 5, excludeHistory: false })).toEqual({ 'HR@1': 1, 'NDCG@1': 1, MRR: 1, count: 1, repeatTargets: 1 });
    // a custom Metric plugin sees the masked rank as Infinity
    const ranksSeen: number[][] = [];
    const spy: Metric = { specificationVersion: 'v1', name: 'spy', fromRanks: (r) => (ranksSeen.push(Array.from(r)), 0) };
    await evaluateProtocols(model, repeat, { ks: [1], maxLen: 5, excludeHistory: true, metrics: [spy] });
    expect(ranksSeen).toEqual([[Infinity, 0]]);
    expect(tf.memory().numTensors).toBe(before);
    dispose();
  });

  it('adds the item prior to cosine scores of unit user vectors before every protocol', async () => {
    const { model, dispose } = fakeModel();
    const before = tf.memory().numTensors;
    // unit users: A (1, 0.5)/1.1180 = (0.8944, 0.4472): cos item 1 0.8944, 2 0.4472, 3 0.9487, 4 -0.8944
    // prior [0, 0, 0.6, 0, 0]: item 2 -> 1.0472, now first: A's target 2 goes from full rank 2 to 0
    // B (-1, 0.2)/1.0198 = (-0.9806, 0.1961): item 1 -0.9806, 2 0.1961 + 0.6 = 0.7961, 3 -0.5547, 4 0.9806: target 4 stays 0
    const itemPrior = Float32Array.from([0, 0, 0.6, 0, 0]);
    const sampled = [{ name: 'p', negatives: [[4, 3], [2]] }];
    const r = await evaluateProtocols(model, examples, { ks: [1], maxLen: 5, excludeHistory: false, sampled, topK: 2, itemPrior });
    expect(r.full['HR@1']).toBe(1);
    expect(r.sampled.p['HR@1']).toBe(1); // B's negative 2 scores 0.7961 < 0.9806
    expect(r.topK.map((l) => Array.from(l))).toEqual([[2, 3], [4, 2]]);
    // a prior of 0.3 is not enough for A: 0.4472 + 0.3 = 0.7472 < item 1's 0.8944 -> rank 2 again
    const weak = await evaluateProtocols(model, examples, { ks: [1], maxLen: 5, excludeHistory: false, itemPrior: Float32Array.from([0, 0, 0.3, 0, 0]) });
    expect(weak.full['HR@1']).toBe(0.5);
    await expect(evaluateProtocols(model, examples, { ks: [1], maxLen: 5, excludeHistory: false, itemPrior: new Float32Array(3) }))
      .rejects.toThrow(/itemPrior has 3 entries, expected numItems \+ 1 = 5/);
    expect(tf.memory().numTensors).toBe(before);
    dispose();
  });

  it('rejects negatives that do not line up with the examples', async () => {
    const { model, dispose } = fakeModel();
    await expect(evaluateProtocols(model, examples, { ks: [1], maxLen: 5, excludeHistory: false, sampled: [{ name: 'p', negatives: [[3]] }] }))
      .rejects.toThrow(/protocol p has negatives for 1 users, but 2 are evaluated/);
    dispose();
  });
});
