import * as tf from '@tensorflow/tfjs';
import { type ItemEncoder, NORM_EPSILON, normalVariable, Rng, type SequenceBatch } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { multiIntentAuxLosses } from './aux-objective';
import { hashedCategories, type CategorySource } from './intent-categories';
import { type IntentBatch, MultiIntentEncoder, type MultiIntentEncoderOptions } from './multi-intent-encoder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A plain id-embedding item encoder (table `[numItems + 1, d]`). */
function itemTable(numItems: number, d: number, rng: Rng): ItemEncoder & { table: tf.Variable } {
  const table = normalVariable(rng, [numItems + 1, d], 0.5);
  return { specificationVersion: 'v1', dim: d, table, encode: (ids) => tf.gather(table, ids), variables: () => [{ name: 'item.id_embedding', variable: table }] };
}

function build(categories: CategorySource, extra: Partial<MultiIntentEncoderOptions> = {}, numItems = 6, d = 2, H = 3) {
  const rng = new Rng(9);
  const item = itemTable(numItems, d, rng);
  const enc = new MultiIntentEncoder({ itemEncoder: item, intentions: H, categories, hidden: 4, rng, ...extra });
  const params = [...item.variables(), ...enc.variables()];
  return { item, enc, params, dispose: () => { params.forEach((p) => p.variable.dispose()); enc.dispose(); } };
}

/** Left-padded batch: rows of item ids, padded to `len`. */
function batchOf(rows: number[][], len: number): SequenceBatch {
  const items: number[] = [], mask: number[] = [], pos: number[] = [];
  for (const r of rows) {
    const pad = len - r.length;
    for (let j = 0; j < len; j++) {
      items.push(j < pad ? 0 : r[j - pad]);
      mask.push(j < pad ? 0 : 1);
      pos.push(j < pad ? 0 : j - pad);
    }
  }
  const shape: [number, number] = [rows.length, len];
  return { items: tf.tensor2d(items, shape, 'int32'), mask: tf.tensor2d(mask, shape), positions: tf.tensor2d(pos, shape, 'int32') };
}

// items 1..6 → categories 1, 2, 1, 2, 3, 0 (0 = unknown)
const CATS: CategorySource = { kind: 'table', values: Int32Array.from([0, 1, 2, 1, 2, 3, 0]), cardinality: 4, name: 'genre' };

describe('MultiIntentEncoder routing', () => {
  it('routes clicks by cos(μ_h, c_t)/0.07 (hand computation) and route() is its argmax', () => {
    const m = build(CATS);
    // μ = (1,0), (0,2), (−1,1); category 1 = (3,4), 2 = (1,−1), 3 = (−2, 0.1)
    m.enc.prototypes.assign(tf.tensor2d([[1, 0], [0, 2], [-1, 1]]));
    m.enc.categories.table!.assign(tf.tensor2d([[0, 0], [3, 4], [1, -1], [-2, 0.1]]));
    const before = tf.memory().numTensors;
    // category 1: p = (0.0543091, 0.9456134, 0.0000776) (see cosine-routing.test.ts); category 2: p ≈ (1, 0, 0)
    const routing = tf.tidy(() => m.enc.forward(batchOf([[1, 2]], 2)).routing.arraySync());
    expect(routing[0][0][0]).toBeCloseTo(0.0543091, 5);
    expect(routing[0][0][1]).toBeCloseTo(0.9456134, 5);
    expect(routing[0][1][0]).toBeCloseTo(1, 6);
    // category 3 = (−2, 0.1): cos = −0.998752, 0.049938, 0.741358 → intention 2; unknown (0,0) → logits 0 → first max
    expect(Array.from(m.enc.route(Int32Array.from([1, 2, 3, 4, 5, 6])))).toEqual([1, 0, 1, 0, 2, 0]);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('routes by the item embedding itself for the `item` source, and hashed categories are stable and in range', () => {
    const m = build({ kind: 'item' });
    const table = m.item.table.arraySync() as number[][];
    const mu = m.enc.prototypes.arraySync() as number[][];
    const cos = (a: number[], b: number[]) => (a[0] * b[0] + a[1] * b[1]) / Math.hypot(...a) / Math.hypot(...b);
    const want = [1, 2, 3, 4, 5, 6].map((i) => { const s = mu.map((u) => cos(u, table[i])); return s.indexOf(Math.max(...s)); });
    expect(Array.from(m.enc.route(Int32Array.from([1, 2, 3, 4, 5, 6])))).toEqual(want);
    m.dispose();
    const h = hashedCategories(1000, 16);
    if (h.kind !== 'table') throw new Error('expected a table source');
    expect(h.values[0]).toBe(0);
    expect(h.cardinality).toBe(17);
    expect(Math.min(...h.values.subarray(1))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...h.values)).toBeLessThanOrEqual(16);
    expect(new Set(h.values.subarray(1)).size).toBe(16);
    expect(hashedCategories(1000, 16)).toEqual(h); // deterministic
  });

  it('rejects a category outside the table', () => {
    expect(() => build({ kind: 'table', values: Int32Array.from([0, 5]), cardinality: 3, name: 'genre' }, {}, 1)).toThrow(/genre.*item 1 is 5/);
  });
});

describe('MultiIntentEncoder forward (Eqs. 6–9)', () => {
  it('outputs the selected intention, importance over real clicks only, no leaks, and ignores padding', () => {
    const m = build(CATS);
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const f = m.enc.forward(batchOf([[1, 2, 5], [4]], 4));
      return {
        user: f.user.arraySync(), z: f.intentions.arraySync(), w: f.selection.arraySync(), p: f.importance.arraySync(),
        short: m.enc.encode(batchOf([[1, 2, 5], [4]], 3)).arraySync(),
      };
    });
    expect(tf.memory().numTensors).toBe(before);
    for (let b = 0; b < 2; b++) {
      const hStar = out.w[b].indexOf(Math.max(...out.w[b]));
      const z = out.z[b][hStar];
      const n = Math.hypot(...z);
      out.user[b].forEach((v, j) => expect(v).toBeCloseTo(z[j] / n, 5));
      expect(out.p[b].reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      out.user[b].forEach((v, j) => expect(out.short[b][j]).toBeCloseTo(v, 5)); // less padding, same vector
    }
    expect(out.p[0][0]).toBe(0); // padding slot
    expect(out.p[1].slice(0, 3)).toEqual([0, 0, 0]);
    expect(out.p[1][3]).toBeCloseTo(1, 6);
    m.dispose();
  });

  it('z_h depends on the history only through z\'_h: intentions no click routes to are the same for every user', () => {
    const m = build(CATS);
    // polarise: every category routes to intention 0 (prototype 0 = category direction), so z'_1 = z'_2 = 0
    m.enc.prototypes.assign(tf.tensor2d([[1, 1], [-1, -1], [-1, -1.2]]));
    m.enc.categories.table!.assign(tf.tensor2d([[0, 0], [1, 1], [1, 1], [1, 1]]));
    const z = tf.tidy(() => m.enc.forward(batchOf([[1, 2], [3, 4, 5]], 3)).intentions.arraySync());
    for (const h of [1, 2]) z[0][h].forEach((v, j) => expect(z[1][h][j]).toBeCloseTo(v, 4));
    expect(Math.abs(z[0][0][0] - z[1][0][0]) + Math.abs(z[0][0][1] - z[1][0][1])).toBeGreaterThan(1e-4);
    m.dispose();
  });

  it('uses time-gap buckets and dwell times in the importance network when enabled', () => {
    const m = build(CATS, { timeBuckets: 5, dwell: true });
    const p = (extra: Partial<IntentBatch>) => tf.tidy(() => m.enc.forward({ ...batchOf([[1, 2, 3]], 3), ...extra }).importance.arraySync()[0]);
    const base = p({});
    const timed = p({ timeBuckets: tf.tensor2d([[4, 2, 1]], [1, 3], 'int32') });
    const dwelled = p({ dwell: tf.tensor2d([[300, 5, 60]]) });
    expect(Math.max(...base.map((v, i) => Math.abs(v - timed[i])))).toBeGreaterThan(1e-5);
    expect(Math.max(...base.map((v, i) => Math.abs(v - dwelled[i])))).toBeGreaterThan(1e-5);
    expect(m.enc.variables().map((v) => v.name)).toContain('user.importance.time_embedding');
    m.dispose();
  });

  it('residual form: at initialisation z_h is the unit routed, importance-weighted pooling ẑ\'_h (hand computation)', () => {
    const m = build(CATS);
    const out = tf.tidy(() => {
      const f = m.enc.forward(batchOf([[1, 2, 5], [4]], 3));
      return { z: f.intentions.arraySync(), r: f.routing.arraySync(), p: f.importance.arraySync(), items: f.mask.arraySync() };
    });
    const table = m.item.table.arraySync() as number[][];
    const rows = [[1, 2, 5], [0, 0, 4]];
    for (let b = 0; b < 2; b++) {
      for (let h = 0; h < 3; h++) {
        // z'_h = Σ_t p_{h|t} p_t g(y_t) over real clicks, then l2-normalised (squared norm floored at 1e-12)
        const zp = [0, 0];
        rows[b].forEach((id, t) => { if (out.items[b][t] > 0) for (let j = 0; j < 2; j++) zp[j] += out.r[b][t][h] * out.p[b][t] * table[id][j]; });
        const n = Math.sqrt(Math.max(zp[0] ** 2 + zp[1] ** 2, NORM_EPSILON)); // an intention without mass stays ≈ 0
        for (let j = 0; j < 2; j++) expect(out.z[b][h][j]).toBeCloseTo(zp[j] / n, 5);
      }
    }
    m.dispose();
  });

  it('the straight-through selection sends gradient to every parameter, the selector MLP included', () => {
    const m = build(CATS, { residual: false });
    const before = tf.memory().numTensors;
    const norms = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const u = m.enc.forward(batchOf([[1, 2, 5], [4, 3]], 3)).user;
        return tf.sum(tf.mul(u, tf.tensor2d([[1, -0.5], [0.3, 2]]))) as tf.Scalar;
      }, m.params.map((p) => p.variable));
      return m.params.map((p) => ({ name: p.name, g: tf.max(tf.abs(grads[p.variable.name])).dataSync()[0] }));
    });
    for (const { name, g } of norms) expect(g, name).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
    // residual form: MLP₃'s output layer starts at zero, so its first layer and β (only an MLP₃ input) have no gradient yet
    const r = build(CATS);
    const zero = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(r.enc.forward(batchOf([[1, 2, 5], [4, 3]], 3)).user, tf.tensor2d([[1, -0.5], [0.3, 2]]))) as tf.Scalar,
        r.params.map((p) => p.variable));
      return r.params.filter((p) => tf.max(tf.abs(grads[p.variable.name])).dataSync()[0] === 0).map((p) => p.name);
    });
    expect(zero).toEqual(['user.intent.bias', 'user.intention_mlp.l0.w', 'user.intention_mlp.l0.b']);
    r.dispose();
  });
});

describe('multiIntentAuxLosses', () => {
  it('matches the per-loss functions and has finite-difference gradients in μ, β and the category table', () => {
    const m = build(CATS, {}, 6, 3, 2);
    const targets = [3, 6];
    const rows = [[1, 2, 5], [4]];
    const total = () => tf.tidy(() => {
      const f = m.enc.forward(batchOf(rows, 3));
      return multiIntentAuxLosses(m.enc, f, tf.tensor1d(targets, 'int32')).total.dataSync()[0];
    });
    const before = tf.memory().numTensors;
    const parts = tf.tidy(() => {
      const a = multiIntentAuxLosses(m.enc, m.enc.forward(batchOf(rows, 3)), tf.tensor1d(targets, 'int32'), { weights: [1, 2, 3] });
      return [a.aux1, a.aux2, a.aux3, a.total].map((s) => s.dataSync()[0]);
    });
    expect(parts[3]).toBeCloseTo(parts[0] + 2 * parts[1] + 3 * parts[2], 4);
    parts.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
    const vars = [m.enc.prototypes, m.enc.bias, m.enc.categories.table!];
    const grads = tf.tidy(() => {
      const { grads: g } = tf.variableGrads(() => {
        const f = m.enc.forward(batchOf(rows, 3));
        return multiIntentAuxLosses(m.enc, f, tf.tensor1d(targets, 'int32')).total;
      }, vars);
      return vars.map((v) => Array.from(g[v.name].dataSync()));
    });
    expect(tf.memory().numTensors).toBe(before);
    const h = 1e-2;
    vars.forEach((v, vi) => {
      const base = Array.from(v.dataSync());
      for (let i = 0; i < base.length; i += 2) {
        const at = (x: number) => { const c = [...base]; c[i] = x; v.assign(tf.tensor(c, v.shape)); return total(); };
        const numeric = (at(base[i] + h) - at(base[i] - h)) / (2 * h);
        v.assign(tf.tensor(base, v.shape));
        expect(grads[vi][i], `${v.name}[${i}]`).toBeCloseTo(numeric, 1);
      }
    });
    m.dispose();
  });
});

describe('topIntentions', () => {
  it('returns the K intention vectors with the largest selector weights, best first; the first is f(x)', () => {
    const m = build(CATS);
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const b = batchOf([[1, 2, 5], [4]], 3);
      const t = m.enc.topIntentions(b, 3);
      const f = m.enc.forward(b);
      return { v: t.vectors.arraySync(), idx: t.indices.arraySync(), w: t.weights.arraySync(), user: f.user.arraySync(), sel: f.selection.arraySync() };
    });
    expect(tf.memory().numTensors).toBe(before);
    for (let b = 0; b < 2; b++) {
      const order = [0, 1, 2].sort((x, y) => out.sel[b][y] - out.sel[b][x]);
      expect(out.idx[b]).toEqual(order);
      expect(out.w[b][0]).toBeGreaterThanOrEqual(out.w[b][1]);
      out.user[b].forEach((v, j) => expect(out.v[b][0][j]).toBeCloseTo(v, 5));
    }
    expect(() => tf.tidy(() => m.enc.topIntentions(batchOf([[1]], 1), 4))).toThrow(/K must be an integer in \[1, 3\]/);
    m.dispose();
  });
});
