import * as tf from '@tensorflow/tfjs';
import { ExactIndex, recallAgainstExact } from '@clrec/retrieval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgvectorError } from './errors';
import { pgvectorIndexFactory } from './factories';
import { PgvectorIndex } from './pgvector-index';
import { clusteredVectors, uniformVectors } from './test-data';

const D = 16;
const N = 4000;
const NQ = 80; // more than one search chunk (64 queries per blocking call)
// one mixture: the first N rows are the catalog, the rest fresh queries from the same centres
const all = clusteredVectors(N + NQ, D, 40, 0.15, 11);
const items = all.subarray(0, N * D);
const queries = all.slice(N * D);
let exact: ExactIndex;
let index: PgvectorIndex;

beforeAll(async () => {
  await tf.setBackend('cpu');
  exact = ExactIndex.build(items, D);
  index = await pgvectorIndexFactory({ efSearch: 100 }).build(items, D);
}, 60_000);
afterAll(async () => {
  exact?.dispose();
  await index?.close();
});

describe('PgvectorIndex (embedded PGlite, cosine)', () => {
  it('reaches recall@10 >= 0.95 against the exact index at ef 100 on clustered data, with the same scores', () => {
    expect([index.name, index.size, index.dim, index.metric, index.efSearch, index.table]).toEqual(['pgvector', N, D, 'cosine', 100, 'clrec_items']);
    const truth = exact.search(queries, 10);
    const approx = index.search(queries, 10);
    expect(recallAgainstExact(approx, truth)).toBeGreaterThanOrEqual(0.95);
    // where both return an id, both give it the same cosine
    const all = exact.scoreAll!(queries);
    for (let i = 0; i < approx.ids.length; i++) {
      const q = Math.floor(i / 10);
      expect(approx.scores[i]).toBeCloseTo(all[q * N + approx.ids[i]], 5);
      if (i % 10) expect(approx.scores[i]).toBeLessThanOrEqual(approx.scores[i - 1]);
    }
  });

  it('finds a stored vector as its own top-1 (score 1), and answers a batch as it answers single queries', () => {
    for (const row of [0, 1234, N - 1]) {
      const r = index.search(items.slice(row * D, (row + 1) * D), 3);
      expect(r.ids[0]).toBe(row);
      expect(r.scores[0]).toBeCloseTo(1, 5);
    }
    const batch = index.search(queries.subarray(0, 8 * D), 5);
    for (let q = 0; q < 8; q++) {
      const one = index.search(queries.subarray(q * D, (q + 1) * D), 5);
      expect([...batch.ids.subarray(q * 5, q * 5 + 5)]).toEqual([...one.ids]);
    }
  });

  it('leaves excluded rows out and still fills k, and fills k beyond ef_search', () => {
    const q = queries.subarray(0, 2 * D);
    const truth = exact.search(q, 20);
    const drop = [[...truth.ids.subarray(0, 5)], []];
    const r = index.search(q, 10, { exclude: drop });
    expect([...r.ids.subarray(0, 10)].some((id) => drop[0].includes(id))).toBe(false);
    expect([...r.ids].every((id) => id >= 0)).toBe(true);
    // without the excluded five, the exact top-10 of query 0 is exact ranks 5..14
    const want = new Set(truth.ids.subarray(5, 15));
    expect([...r.ids.subarray(0, 10)].filter((id) => want.has(id)).length).toBeGreaterThanOrEqual(9);
    expect(() => index.search(q, 10, { exclude: [[1]] })).toThrow(/exclude has 1 entries for 2 queries/);
    const wide = index.search(q, 300);
    expect([...wide.ids].every((id) => id >= 0)).toBe(true);
    expect(new Set(wide.ids.subarray(0, 300)).size).toBe(300);
  });

  it('scores a zero query 0 against every row (rows 0..k-1, as the exact index does)', () => {
    const r = index.search(new Float32Array(D), 3);
    expect([...r.ids]).toEqual([...exact.search(new Float32Array(D), 3).ids]);
    expect([...r.scores]).toEqual([0, 0, 0]);
  });

  it('throws RangeError on a bad query or k, as the other indexes do', () => {
    expect(() => index.search(new Float32Array(D + 1), 3)).toThrow(RangeError);
    expect(() => index.search(Float32Array.from({ length: D }, () => Number.NaN), 3)).toThrow(/must be finite/);
    expect(() => index.search(queries.subarray(0, D), 0)).toThrow(/k must be a positive integer/);
    expect(() => index.search(queries.subarray(0, D), N + 1)).toThrow(/exceeds the 4000 indexed vectors/);
    expect(index.search(new Float32Array(0), 3)).toMatchObject({ queries: 0, k: 3 });
  });
});

describe('PgvectorIndex options', () => {
  it('scores raw inner products with metric dot (vector_ip_ops), ranking unlike cosine', async () => {
    const n = 600;
    const v = uniformVectors(n, D, 5);
    for (let r = 0; r < n; r++) for (let j = 0; j < D; j++) v[r * D + j] *= 1 + (r % 7); // norms differ by row
    const q = uniformVectors(10, D, 6);
    const dot = await PgvectorIndex.build(v, D, { metric: 'dot', efSearch: 200, iterativeScan: false });
    const truth = ExactIndex.build(v, D, { metric: 'dot' });
    const cos = ExactIndex.build(v, D);
    try {
      expect(dot.iterativeScan).toBe(false);
      const r = dot.search(q, 10);
      const t = truth.search(q, 10);
      expect(recallAgainstExact(r, t)).toBeGreaterThanOrEqual(0.95);
      for (let i = 0; i < 10; i++) if (r.ids[i] === t.ids[i]) expect(r.scores[i]).toBeCloseTo(t.scores[i], 4);
      expect(r.scores[0]).toBeGreaterThan(1); // an inner product, not a cosine
      expect(recallAgainstExact(cos.search(q, 10), t)).toBeLessThan(0.9);
      // over-fetched exclusions and an ef_search raised for k > ef (no iterative scan)
      const ex = dot.search(q.subarray(0, D), 10, { exclude: [[t.ids[0], t.ids[1]]] });
      expect([...ex.ids]).not.toContain(t.ids[0]);
      expect([...ex.ids].every((id) => id >= 0)).toBe(true);
      expect([...dot.search(q.subarray(0, D), 250).ids].every((id) => id >= 0)).toBe(true);
    } finally {
      truth.dispose();
      cos.dispose();
      await dot.close();
    }
  });

  it('is unusable after dispose, with a specific error', async () => {
    const small = await PgvectorIndex.build(items.subarray(0, 50 * D), D, { table: 'tiny' });
    expect(small.search(items.subarray(0, D), 1).ids[0]).toBe(0);
    small.dispose();
    small.dispose();
    let err: unknown;
    try {
      small.search(items.subarray(0, D), 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PgvectorError);
    expect((err as PgvectorError).code).toBe('closed');
  });

  it('rejects bad build arguments before opening a store', async () => {
    await expect(PgvectorIndex.build(new Float32Array(0), D)).rejects.toThrow(/vectors is empty/);
    await expect(PgvectorIndex.build(items.subarray(0, 5), D)).rejects.toThrow(/not a multiple of dim 16/);
    await expect(PgvectorIndex.build(items.subarray(0, D), D, { metric: 'l2' as never })).rejects.toThrow(/unknown metric "l2"/);
    await expect(PgvectorIndex.build(items.subarray(0, D), D, { efSearch: 0 })).rejects.toThrow(/efSearch must be an integer in \[1, 1000\]/);
    await expect(PgvectorIndex.build(items.subarray(0, D), D, { table: 'Robert"; DROP' })).rejects.toMatchObject({ code: 'bad-table-name' });
    await expect(PgvectorIndex.build(items.subarray(0, D), D, { connection: 'redis://x' })).rejects.toMatchObject({ code: 'bad-connection' });
  });
});
