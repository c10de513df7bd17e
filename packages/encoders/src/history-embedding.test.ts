import * as tf from '@tensorflow/tfjs';
import { Rng } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HistoryEmbedding } from './history-embedding';
import { ItemIdEmbedding } from './item-id-embedding';
import { packHistories, toSequenceBatch } from './sequence-batch';
import { DEFAULT_TIME_BUCKETS, timeBucket } from './time-buckets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('timeBucket', () => {
  it('is log2-spaced in minutes with 0 reserved for unknown times', () => {
    // bucket = 1 + floor(log2(1 + Δ/60)): Δ=0 → 1; 59 s → 1 + floor(log2(1.983)) = 1; 60 s → 1 + log2(2) = 2;
    // 179 s → 1 + floor(log2(3.983)) = 2; 180 s → 1 + log2(4) = 3; 1 day = 86400 s → 1 + floor(log2(1441)) = 1 + 10 = 11
    expect([0, 59, 60, 179, 180, 86400].map((d) => timeBucket(d))).toEqual([1, 1, 2, 2, 3, 11]);
    expect(timeBucket(Number.NaN)).toBe(0);
    expect(timeBucket(-5)).toBe(1); // clock skew counts as "just now"
    expect(timeBucket(10 * 365 * 86400)).toBe(DEFAULT_TIME_BUCKETS - 1); // clamped
    expect(timeBucket(86400, 5)).toBe(4);
  });

  it('packHistories buckets (query − click) per kept slot; rows without times stay 0', () => {
    const h = packHistories([[5, 6, 7], [8]], 2, { clickTimes: [[0, 1000, 3540], null], queryTimes: [3600, 50] });
    // row 0 keeps clicks 6, 7: Δ = 2600 s → 1 + floor(log2(1 + 43.33)) = 1 + 5 = 6; Δ = 60 s → 2
    expect(Array.from(h.items)).toEqual([6, 7, 0, 8]);
    expect(Array.from(h.timeBuckets!)).toEqual([6, 2, 0, 0]);
    expect(() => packHistories([[1, 2]], 2, { clickTimes: [[1]], queryTimes: [3] })).toThrow(/2 clicks but 1 click times/);
    expect(packHistories([[1]], 2).timeBuckets).toBeUndefined();
  });
});

describe('HistoryEmbedding', () => {
  it('adds item, row-relative position and time rows, and zeroes padding (hand-checked)', () => {
    const rng = new Rng(4);
    const item = new ItemIdEmbedding({ numItems: 5, dim: 3, rng, initStd: 1 });
    const emb = new HistoryEmbedding({ itemEncoder: item, maxLen: 4, positional: 'forward', timeBuckets: 6, itemScale: 2, rng });
    const before = tf.memory().numTensors;
    const host = packHistories([[2, 4], [5]], 3, { clickTimes: [[0, 3540], [0]], queryTimes: [3600, null], numBuckets: 6 });
    const out = tf.tidy(() => emb.embed(toSequenceBatch(host)).arraySync() as number[][][]);
    const I = item.table.arraySync() as number[][];
    const P = emb.positionTable!.arraySync() as number[][];
    const Tm = emb.timeTable!.arraySync() as number[][];
    // row 0 = [pad, 2, 4]: forward positions (latest = 0) are [-, 1, 0]; buckets Δ=3600 → 1+floor(log2(61)) = 6 → clamp 5; Δ=60 → 2
    const want = (it: number, p: number, b: number) => I[it].map((v, j) => 2 * v + P[p][j] + Tm[b][j]);
    expect(out[0][0].map(Math.abs)).toEqual([0, 0, 0]);
    out[0][1].forEach((v, j) => expect(v).toBeCloseTo(want(2, 1, 5)[j], 5));
    out[0][2].forEach((v, j) => expect(v).toBeCloseTo(want(4, 0, 2)[j], 5));
    // row 1 has no query time: bucket 0 ("unknown")
    out[1][2].forEach((v, j) => expect(v).toBeCloseTo(want(5, 0, 0)[j], 5));
    // a batch without timeBuckets uses row 0 of the time table everywhere
    const plain = tf.tidy(() => emb.embed(toSequenceBatch(packHistories([[5]], 1))).arraySync() as number[][][]);
    plain[0][0].forEach((v, j) => expect(v).toBeCloseTo(want(5, 0, 0)[j], 5));
    expect(tf.memory().numTensors).toBe(before);
    expect(emb.variables().map((v) => v.name)).toEqual(['user.position_embedding', 'user.time_embedding']);
    [...item.variables(), ...emb.variables()].forEach((v) => v.variable.dispose());
  });

  it('backward positions count from the earliest kept click; histories longer than maxLen are an error', () => {
    const rng = new Rng(1);
    const item = new ItemIdEmbedding({ numItems: 5, dim: 2, rng });
    const emb = new HistoryEmbedding({ itemEncoder: item, maxLen: 3, positional: 'backward', rng });
    const idx = tf.tidy(() => emb.positionIndex(toSequenceBatch(packHistories([[1, 2], [3, 4, 5]], 3))).arraySync());
    expect(idx).toEqual([[0, 0, 1], [0, 1, 2]]);
    expect(() => tf.tidy(() => emb.embed(toSequenceBatch(packHistories([[1, 2, 3, 4]], 4))))).toThrow(/exceeds maxLen 3/);
    expect(() => new HistoryEmbedding({ itemEncoder: item, timeBuckets: 1, rng })).toThrow(/timeBuckets/);
    [...item.variables(), ...emb.variables()].forEach((v) => v.variable.dispose());
  });
});
