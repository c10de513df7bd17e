import { initBackend } from '@clrec/backend/node';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactIndexFactory } from './factories';
import { hnswIndexFactory } from './index-factory';
import { ItemBiasIndex } from './item-bias-index';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

// rows: 0 [1,0]; 1 [0,2]; 2 [1,1]; 3 [-1,0]
const ITEMS = Float32Array.from([1, 0, 0, 2, 1, 1, -1, 0]);

describe('ItemBiasIndex', () => {
  it('ranks by cosine + bias with the exact and the HNSW inner index (hand example)', async () => {
    const before = tf.memory().numTensors;
    // q = [3, 1] / 3.1623 = [0.9487, 0.3162]: cos = [0.9487, 0.3162, 0.8944, -0.9487]
    // bias [0, 0.7, 0, 0.1]: scores [0.9487, 1.0162, 0.8944, -0.8487] -> ids 1, 0, 2, 3
    const bias = Float32Array.from([0, 0.7, 0, 0.1]);
    const want = [1.0162278, 0.9486833, 0.8944272, -0.8486833];
    for (const factory of [exactIndexFactory({ metric: 'dot' }), hnswIndexFactory({ metric: 'dot', buildThreads: 1 })]) {
      const index = await ItemBiasIndex.build(ITEMS, 2, bias, { factory });
      expect([index.name, index.dim, index.size]).toEqual([`${factory.name}+bias`, 2, 4]);
      const r = index.search(Float32Array.from([3, 1]), 4);
      expect([...r.ids]).toEqual([1, 0, 2, 3]);
      [...r.scores].forEach((s, i) => expect(s).toBeCloseTo(want[i], 5));
      // exact inner: every row's s + b in row order (cos + bias = [0.9487, 1.0162, 0.8944, -0.8487]); HNSW has none
      if (factory.name === 'exact') [...index.scoreAll!(Float32Array.from([3, 1]))].forEach((s, i) => expect(s).toBeCloseTo([0.9486833, 1.0162278, 0.8944272, -0.8486833][i], 5));
      else expect(index.scoreAll).toBeUndefined();
      index.dispose();
    }
    // dot metric: s = raw dot [3, 2, 4, -3] + bias -> [3, 2.7, 4, -2.9] -> ids 2, 0, 1, 3
    const dot = await ItemBiasIndex.build(ITEMS, 2, bias, { factory: exactIndexFactory({ metric: 'dot' }), metric: 'dot' });
    expect([...dot.search(Float32Array.from([3, 1]), 4).ids]).toEqual([2, 0, 1, 3]);
    dot.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a bias that does not match the rows', async () => {
    const factory = exactIndexFactory({ metric: 'dot' });
    await expect(ItemBiasIndex.build(ITEMS, 2, new Float32Array(3), { factory })).rejects.toThrow(/bias has 3 entries but there are 4 vectors/);
    await expect(ItemBiasIndex.build(ITEMS, 2, Float32Array.from([0, Number.NaN, 0, 0]), { factory })).rejects.toThrow(/row 1, column 0 is NaN/);
  });
});
