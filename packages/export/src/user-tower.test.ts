import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend';
import { encodeUsers, type HistoryQuery, type Model, type ModelOptions } from '@clrec/training';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomFeature, randomHistories, randomModel } from './test-models';
import { packUserTowerInputs } from './user-tower-inputs';
import { exportUserTower, type UserTowerExport } from './user-tower';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

const MAX_LEN = 8;
const multiAtt = (aggregation: 'wha' | 'mean' | 'mean-mlp' | 'concat-mlp', positional: 'backward' | 'forward' = 'backward'): ModelOptions['user'] =>
  ({ kind: 'multiatt-wha', maxLen: MAX_LEN, positional, heads: 3, hidden: 12, aggregation });
const sasrec = (heads: number, blocks: number): ModelOptions['user'] => ({ kind: 'sasrec', maxLen: MAX_LEN, positional: 'forward', heads, blocks, dropout: 0.3 });

/** What the TS model ranks with: encodeUsers, l2-normalised under cosine. */
function reference(model: Model, queries: HistoryQuery[]): Float32Array {
  const t = tf.tidy(() => {
    const u = encodeUsers(model, queries, MAX_LEN);
    return model.similarity === 'cosine' ? tf.div(u, tf.maximum(tf.norm(u, 'euclidean', 1, true), 1e-6)) : u;
  });
  const out = t.dataSync() as Float32Array;
  t.dispose();
  return out;
}

/** Runs the exported tower with onnxruntime on the packed queries. */
async function runOnnx(tower: UserTowerExport, queries: HistoryQuery[], padding: 'left' | 'right' = 'left'): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(tower.bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const packed = packUserTowerInputs(queries, tower.maxLen, tower.timeBuckets, padding);
  const feeds: Record<string, ort.Tensor> = { item_ids: new ort.Tensor('int64', packed.itemIds, [packed.batch, packed.maxLen]) };
  if (packed.timeBuckets) feeds.time_buckets = new ort.Tensor('int64', packed.timeBuckets, [packed.batch, packed.maxLen]);
  const out = await session.run(feeds);
  await session.release();
  return out.user_vector.data as Float32Array;
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('exportUserTower: the ONNX user tower computes encodeUsers', () => {
  const cases: [string, ModelOptions['user'], Parameters<typeof randomModel>[1]][] = [
    ['multiatt-wha (backward positions, time buckets, an item feature)', multiAtt('wha'), { timeBuckets: 21, features: [randomFeature('category', 60, 5, 4)] }],
    ['multiatt-wha (forward positions, dot similarity)', multiAtt('wha', 'forward'), { similarity: 'dot' }],
    ['multiatt mean-mlp (cosine: output normalised)', multiAtt('mean-mlp'), {}],
    ['multiatt concat-mlp (features on the history side only)', multiAtt('concat-mlp', 'forward'), { features: [randomFeature('a', 60, 4, 1), randomFeature('b', 60, 7, 2)], labelFeatures: false }],
    ['sasrec (2 blocks, 2 heads)', sasrec(2, 2), {}],
    ['sasrec (1 block, 1 head, dot, an item feature)', sasrec(1, 1), { similarity: 'dot', features: [randomFeature('category', 60, 6, 3)] }],
    ['mean-mlp (time buckets)', { kind: 'mean-mlp', maxLen: MAX_LEN, positional: 'backward' }, { timeBuckets: 21 }],
    ['mean (no positions, dot)', { kind: 'mean', maxLen: MAX_LEN, positional: 'none' }, { similarity: 'dot' }],
  ];
  for (const [name, user, opts] of cases) {
    it(`${name}: max |diff| <= 1e-4, left or right padding`, async () => {
      const model = randomModel(user, opts);
      const queries = [...randomHistories(24, 60, MAX_LEN, 7), { history: [] }]; // an empty history too
      const want = reference(model, queries);
      const tower = exportUserTower(model);
      const got = await runOnnx(tower, queries);
      const right = await runOnnx(tower, queries, 'right');
      const diff = Math.max(maxAbsDiff(got, want), maxAbsDiff(right, want));
      console.log(`${name}: max |onnx - encodeUsers| = ${diff.toExponential(2)}; ops: ${tower.ops.join(' ')}`);
      expect(got.length).toBe(queries.length * model.options.dim);
      expect(diff).toBeLessThanOrEqual(1e-4);
      expect(tower.inputs.map((i) => i.name)).toEqual(model.timeBuckets > 0 ? ['item_ids', 'time_buckets'] : ['item_ids']);
      expect(tower.normalized).toBe(model.similarity === 'cosine');
      model.dispose();
    });
  }

  it('refuses other user encoders, listing the supported ones, and a maxLen beyond the positional table', () => {
    const model = randomModel(multiAtt('wha'));
    const fake = { ...model, options: { ...model.options, user: { kind: 'multi-clrec' } } } as Model;
    expect(() => exportUserTower(fake)).toThrow(/user encoder "multi-clrec" cannot be exported to ONNX; supported: multiatt-wha, mean, mean-mlp, sasrec/);
    expect(() => exportUserTower(model, { maxLen: MAX_LEN + 1 })).toThrow(/maxLen 9 must be an integer in \[1, 8\]/);
    model.dispose();
  });
});
