import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExactIndex } from './exact-index';
import { resultIds } from './search-result';
import { cosineReference, randomVectors } from './test-vectors';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

// rows: 0 [1,0]; 1 [0,2] -> [0,1]; 2 [1,1] -> [.70711,.70711]; 3 [-1,0]; 4 [3,0] -> [1,0] (ties row 0)
const ITEMS = Float32Array.from([1, 0, 0, 2, 1, 1, -1, 0, 3, 0]);

describe('ExactIndex', () => {
  it('returns the hand-computed cosine top-K with ties by lower id, across blocks', () => {
    const before = tf.memory().numTensors;
    for (const opts of [{}, { blockSize: 2, queryBlock: 1 }, { blockSize: 3, queryBlock: 2 }]) {
      const index = ExactIndex.build(ITEMS, 2, opts);
      // q0 = [2,0] -> unit [1,0]: cos = [1, 0, 0.70711, -1, 1] -> top-3 ids 0, 4 (tie, lower id first), 2
      // q1 = [0,-1]: cos = [0, -1, -0.70711, 0, 0] -> top-3 ids 0, 3, 4 (three-way tie at 0)
      const r = index.search(Float32Array.from([2, 0, 0, -1]), 3);
      expect([...r.ids]).toEqual([0, 4, 2, 0, 3, 4]);
      const want = [1, 1, Math.SQRT1_2, 0, 0, 0];
      [...r.scores].forEach((s, i) => expect(s).toBeCloseTo(want[i], 6));
      index.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scoreAll gives every row\'s score, the numbers search ranks, across blocks', () => {
    const before = tf.memory().numTensors;
    // q0 = [2,0] -> cos [1, 0, 0.70711, -1, 1]; q1 = [0,-1] -> cos [0, -1, -0.70711, 0, 0]
    const want = [1, 0, Math.SQRT1_2, -1, 1, 0, -1, -Math.SQRT1_2, 0, 0];
    for (const opts of [{}, { blockSize: 2 }, { blockSize: 3, metric: 'cosine' as const }]) {
      const index = ExactIndex.build(ITEMS, 2, opts);
      const all = index.scoreAll(Float32Array.from([2, 0, 0, -1]));
      expect(all.length).toBe(10);
      [...all].forEach((s, i) => expect(s).toBeCloseTo(want[i], 6));
      index.dispose();
    }
    // dot: q0 = [2,0] . rows = [2, 0, 2, -2, 6]
    const dot = ExactIndex.build(ITEMS, 2, { metric: 'dot', blockSize: 4 });
    expect([...dot.scoreAll(Float32Array.from([2, 0]))]).toEqual([2, 0, 2, -2, 6]);
    expect(() => dot.scoreAll(Float32Array.from([1, 2, 3]))).toThrow(RangeError);
    dot.dispose();
    expect(() => dot.scoreAll(Float32Array.from([1, 0]))).toThrow(/disposed/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('matches a brute-force float64 reference on random data', () => {
    const before = tf.memory().numTensors;
    const dim = 16;
    const items = randomVectors(1000, dim, 1);
    const queries = randomVectors(70, dim, 2);
    const index = ExactIndex.build(items, dim, { blockSize: 128, queryBlock: 32 });
    expect(tf.memory().numTensors).toBe(before + 8); // ceil(1000 / 128) = 8 block tensors
    const k = 10;
    const r = index.search(queries, k); // 70 queries = blocks of 32 + 32 + 6
    expect(tf.memory().numTensors).toBe(before + 8);
    for (let q = 0; q < 70; q++) {
      const ref = cosineReference(items, dim, queries.subarray(q * dim, (q + 1) * dim));
      const best = [...ref].sort((a, b) => b - a).slice(0, k);
      resultIds(r, q).forEach((id, j) => {
        expect(r.scores[q * k + j]).toBeCloseTo(best[j], 5); // the j-th best score
        expect(ref[id]).toBeCloseTo(r.scores[q * k + j], 5); // and the id really has it
      });
    }
    index.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scores raw dot products with metric dot', () => {
    const index = ExactIndex.build(ITEMS, 2, { metric: 'dot', blockSize: 2 });
    // q = [2,0] against raw rows [1,0] [0,2] [1,1] [-1,0] [3,0]: dots [2, 0, 2, -2, 6] -> 4, then 0 and 2 tie at 2
    const r = index.search(Float32Array.from([2, 0]), 3);
    expect([...r.ids]).toEqual([4, 0, 2]);
    expect([...r.scores]).toEqual([6, 2, 2]);
    index.dispose();
    expect(() => ExactIndex.build(ITEMS, 2, { metric: 'l2' as never })).toThrow(/unknown metric "l2"; valid: cosine, dot/);
  });

  it('scores a zero query 0 against everything and accepts k = n', () => {
    const index = ExactIndex.build(ITEMS, 2);
    const r = index.search(new Float32Array(2), 5);
    expect([...r.ids]).toEqual([0, 1, 2, 3, 4]);
    expect([...r.scores]).toEqual([0, 0, 0, 0, 0]);
    index.dispose();
  });

  it('rejects dimension mismatches, bad k, non-finite values and use after dispose', () => {
    const before = tf.memory().numTensors;
    expect(() => ExactIndex.build(Float32Array.from([1, 2, 3]), 2)).toThrow(/length 3 is not a multiple of dim 2/);
    expect(() => ExactIndex.build(new Float32Array(0), 2)).toThrow(/empty/);
    expect(() => ExactIndex.build(Float32Array.from([1, Number.NaN]), 2)).toThrow(/row 0, column 1 is NaN/);
    expect(() => ExactIndex.build(ITEMS, 2, { blockSize: 0 })).toThrow(/blockSize must be a positive integer/);
    const index = ExactIndex.build(ITEMS, 2);
    expect(() => index.search(Float32Array.from([1, 0, 0]), 1)).toThrow(/index dim 2.*not a multiple of dim 2/);
    expect(() => index.search(Float32Array.from([1, 0]), 6)).toThrow(/k = 6 exceeds the 5 indexed vectors/);
    expect(() => index.search(Float32Array.from([1, 0]), 0)).toThrow(/k must be a positive integer/);
    expect(() => index.search(Float32Array.from([Infinity, 0]), 1)).toThrow(/row 0, column 0 is Infinity/);
    index.dispose();
    expect(() => index.search(Float32Array.from([1, 0]), 1)).toThrow(/disposed/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
