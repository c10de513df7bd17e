import * as tf from '@tensorflow/tfjs';
import { Rng } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CategoricalFeature } from './catalog-tensors';
import { distinctIds } from './distinct-ids';
import { FeatureItemEncoder } from './feature-item-encoder';
import { MultiAttWhaEncoder } from './multi-att-wha';
import { packHistories, toSequenceBatch } from './sequence-batch';
import { packTimeBuckets, TimeBucketItemEncoder } from './time-bucket-item-encoder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const N = 6;
const D = 4;
const features = [
  { name: 'a', vocab: 3, values: Int32Array.from([0, 1, 2, 0, 1, 2, 0]) },
  { name: 'b', vocab: 2, values: Int32Array.from([0, 1, 1, 0, 0, 1, 1]) },
];
const CD = 5;
const content = Float32Array.from({ length: (N + 1) * CD }, (_, i) => Math.sin(i));

function encoder(rich: boolean, seed = 3, dedupe = false): FeatureItemEncoder {
  return new FeatureItemEncoder({
    numItems: N, dim: D, rng: new Rng(seed), features, contentHidden: 7, dedupe,
    richLabel: rich ? { content, contentDim: CD } : undefined,
  });
}

const arr = (v: tf.Tensor) => v.arraySync() as number[][];
const matVec = (x: number[], w: number[][]) => w[0].map((_, j) => x.reduce((s, xi, i) => s + xi * w[i][j], 0));

describe('FeatureItemEncoder', () => {
  it('computes g(y) = id_emb[y] + W concat(feat_emb_k[f_k(y)]) with the expected shapes', () => {
    const g = encoder(false);
    const out = tf.tidy(() => arr(g.encode(tf.tensor1d([1, 4, 6], 'int32'))));
    const grid = tf.tidy(() => g.encodeHistory(tf.tensor2d([[1, 2, 3], [0, 5, 6]], [2, 3], 'int32')).shape);
    expect(grid).toEqual([2, 3, D]);
    const byName = Object.fromEntries(g.variables().map((v) => [v.name, v.variable.arraySync() as number[][]]));
    expect(Object.keys(byName)).toEqual(['item.id_embedding', 'item.feature_embeddings', 'item.feature_projection']);
    [1, 4, 6].forEach((y, r) => {
      const cat = [...byName['item.feature_embeddings'][features[0].values[y]], ...byName['item.feature_embeddings'][3 + features[1].values[y]]];
      const want = matVec(cat, byName['item.feature_projection']).map((v, j) => v + byName['item.id_embedding'][y][j]);
      want.forEach((v, j) => expect(out[r][j]).toBeCloseTo(v, 5));
    });
    expect(g.featureOffsets).toEqual([0, 3]);
    g.dispose();
  });

  it('label and history sides differ exactly by the content MLP', () => {
    const plain = encoder(false);
    const ids = tf.tensor1d([1, 2, 3, 6], 'int32');
    tf.tidy(() => {
      expect(arr(plain.encode(ids))).toEqual(arr(plain.encodeHistory(ids)));
    });
    const g = encoder(true);
    const diff = tf.tidy(() => arr(tf.sub(g.encode(ids), g.encodeHistory(ids))));
    const w = Object.fromEntries(g.variables().map((v) => [v.name, v.variable.arraySync() as number[][]]));
    [1, 2, 3, 6].forEach((y, r) => {
      const x = Array.from(content.subarray(y * CD, (y + 1) * CD));
      const h = matVec(x, w['item.content_mlp.w1']).map((v, j) => Math.max(0, v + (w['item.content_mlp.b1'] as unknown as number[])[j]));
      const want = matVec(h, w['item.content_mlp.w2']).map((v, j) => v + (w['item.content_mlp.b2'] as unknown as number[])[j]);
      want.forEach((v, j) => expect(diff[r][j]).toBeCloseTo(v, 4));
    });
    expect(Math.max(...diff.flat().map(Math.abs))).toBeGreaterThan(1e-3);
    ids.dispose();
    plain.dispose();
    g.dispose();
  });

  it('leaks no tensors and frees everything on dispose', () => {
    const before = tf.memory().numTensors;
    const g = encoder(true);
    const mid = tf.memory().numTensors;
    tf.tidy(() => {
      g.encode(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'));
      g.encodeHistory(tf.tensor1d([5], 'int32'));
    });
    expect(tf.memory().numTensors).toBe(mid);
    const c = g.clone('key');
    c.dispose();
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gradients reach every parameter', () => {
    const g = encoder(true);
    const params = g.variables();
    const before = tf.memory().numTensors;
    const maxAbs = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const a = g.encode(tf.tensor1d([1, 2, 5], 'int32'));
        const b = g.encodeHistory(tf.tensor1d([3, 6], 'int32'));
        return tf.add(tf.sum(tf.mul(a, tf.tensor1d([1, -2, 0.5, 3]))), tf.sum(tf.square(b))) as tf.Scalar;
      }, params.map((p) => p.variable));
      return params.map((p) => tf.max(tf.abs(grads[p.variable.name])).dataSync()[0]);
    });
    maxAbs.forEach((v, i) => expect(v, params[i].name).toBeGreaterThan(0));
    expect(tf.memory().numTensors).toBe(before);
    g.dispose();
  });

  it('dedupe gives the same outputs and gradients while encoding each distinct id once', () => {
    const plain = encoder(true, 9);
    const dedup = encoder(true, 9, true);
    const before = tf.memory().numTensors;
    const run = (g: FeatureItemEncoder) => tf.tidy(() => {
      const ids = tf.tensor2d([[1, 1, 2], [6, 1, 2]], [2, 3], 'int32');
      const vars = g.variables();
      const { value, grads } = tf.variableGrads(() => tf.add(
        tf.sum(tf.mul(g.encode(ids), tf.tensor1d([1, -1, 2, 0.5]))),
        tf.sum(tf.square(g.encodeHistory(ids))),
      ) as tf.Scalar, vars.map((v) => v.variable));
      return [value.dataSync()[0], ...vars.map((v) => Array.from(grads[v.variable.name].dataSync()))] as const;
    });
    const [va, ...ga] = run(plain);
    const [vb, ...gb] = run(dedup);
    expect(vb).toBeCloseTo(va, 4);
    ga.forEach((g, i) => g.forEach((x, j) => expect(gb[i][j]).toBeCloseTo(x, 4)));
    tf.tidy(() => {
      expect(dedup.encode(tf.tensor2d([[1, 1], [2, 1]], [2, 2], 'int32')).shape).toEqual([2, 2, D]);
    });
    expect(tf.memory().numTensors).toBe(before);
    plain.dispose();
    dedup.dispose();
  });

  it('clone copies the weights under a new prefix into independent variables', () => {
    const g = encoder(true);
    const c = g.clone('key');
    expect(c.variables().map((v) => v.name)).toEqual(g.variables().map((v) => v.name.replace(/^item\./, 'key.')));
    const ids = tf.tensor1d([2, 3], 'int32');
    tf.tidy(() => {
      expect(arr(c.encode(ids))).toEqual(arr(g.encode(ids)));
    });
    tf.tidy(() => c.variables()[0].variable.assign(tf.zerosLike(c.variables()[0].variable)));
    tf.tidy(() => {
      expect(arr(c.encode(ids))).not.toEqual(arr(g.encode(ids)));
    });
    c.dispose(); // frees the clone's variables only: the original keeps working
    tf.tidy(() => {
      expect(g.encode(ids).shape).toEqual([2, D]);
    });
    ids.dispose();
    g.dispose();
  });

  it('a clone whose variables are freed directly (as the MoCo queue does) leaks nothing', () => {
    const before = tf.memory().numTensors;
    const g = encoder(true);
    const c = g.clone('moco_key');
    for (const v of c.variables()) v.variable.dispose();
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects inconsistent features and content', () => {
    const bad = (f: CategoricalFeature[], rich?: { content: Float32Array; contentDim: number }) =>
      () => new FeatureItemEncoder({ numItems: N, dim: D, rng: new Rng(1), features: f, richLabel: rich });
    expect(bad([{ vocab: 2, values: new Int32Array(3) }])).toThrow(/expected numItems \+ 1 = 7/);
    expect(bad([{ name: 'x', vocab: 2, values: Int32Array.from([0, 1, 2, 0, 0, 0, 0]) }])).toThrow(/x: value 2 of item 2/);
    expect(bad([], { content: new Float32Array(5), contentDim: 2 })).toThrow(/expected \(numItems \+ 1\) x contentDim = 14/);
  });
});

describe('TimeBucketItemEncoder', () => {
  it('adds time_emb[bucket] to the base history encoding and plugs into MultiAtt+WHA', () => {
    const g = encoder(true);
    const rng = new Rng(5);
    const hist = new TimeBucketItemEncoder({ base: g.historyEncoder(), numBuckets: 4, rng });
    expect(packTimeBuckets(Int32Array.from([0, 2, 5]), Int32Array.from([0, 3, 1]), 4)).toEqual(Int32Array.from([0, 11, 21]));
    expect(() => packTimeBuckets(Int32Array.from([1]), Int32Array.from([4]), 4)).toThrow(/not in \[0, 4\)/);
    const time = hist.table.arraySync() as number[][];
    const got = tf.tidy(() => arr(hist.encode(tf.tensor1d([11, 21], 'int32'))));
    const base = tf.tidy(() => arr(g.encodeHistory(tf.tensor1d([2, 5], 'int32'))));
    [[2, 3], [5, 1]].forEach(([, b], r) => base[r].forEach((v, j) => expect(got[r][j]).toBeCloseTo(v + time[b][j], 5)));
    expect(hist.variables().map((v) => v.name)).toEqual([...g.variables().map((v) => v.name), 'history.time_embedding']);

    const user = new MultiAttWhaEncoder({ itemEncoder: hist, heads: 2, hidden: 3, maxLen: 4, positional: 'forward', rng });
    const before = tf.memory().numTensors;
    const params = [...hist.variables(), ...user.variables()];
    const grads = tf.tidy(() => {
      const host = packHistories([[1, 2, 3], [4]], 4);
      const buckets = Int32Array.from(host.items, (_, i) => i % 4);
      host.items = packTimeBuckets(host.items, buckets, 4);
      const { grads: gr } = tf.variableGrads(() => tf.sum(tf.mul(user.encode(toSequenceBatch(host)), tf.tensor1d([1, 2, -1, 0.5]))) as tf.Scalar,
        params.map((p) => p.variable));
      return params.map((p) => (gr[p.variable.name] ? tf.max(tf.abs(gr[p.variable.name])).dataSync()[0] : 0));
    });
    // every history-side parameter gets a gradient; the label-only content MLP gets none
    params.forEach((p, i) => {
      if (p.name.includes('content_mlp')) expect(grads[i], p.name).toBe(0);
      else expect(grads[i], p.name).toBeGreaterThan(0);
    });
    expect(tf.memory().numTensors).toBe(before);
    [...hist.ownVariables(), ...user.variables()].forEach((v) => v.variable.dispose());
    g.dispose();
  });
});

describe('distinctIds', () => {
  it('lists distinct ids in first-appearance order with the inverse index', () => {
    const { values, inverse } = distinctIds([5, 3, 5, 0, 3, 7]);
    expect(Array.from(values)).toEqual([5, 3, 0, 7]);
    expect(Array.from(inverse)).toEqual([0, 1, 0, 2, 1, 3]);
  });
});
