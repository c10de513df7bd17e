import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { Rng } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyConfig, ConfigError, DEFAULT_CONFIG, type TrainConfig, withEncoderDefaults } from './config';
import { prepareData, resolveDataChoices } from './data';
import { buildModelFromConfig, encodeUsers, rankingItemVectors } from './model';
import { tinyFeatureCsv, tinyRun } from './test-setup';
import { train } from './train';

const quiet = () => {};

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
});


describe('user encoders from the config', () => {
  it.each(['multiatt-wha', 'mean', 'mean-mlp', 'sasrec'] as const)('--user-encoder %s trains and evaluates', async (userEncoder) => {
    const { config } = tinyRun();
    const cfg = applyConfig(withEncoderDefaults(config, userEncoder), {
      userEncoder, epochs: 1, batchSize: 32, queueSize: userEncoder === 'sasrec' ? 320 : 96, dim: 16, heads: 2, maxLen: 10,
    }, 'test');
    const res = await train({ config: cfg, backend: 'wasm', log: quiet });
    expect(res!.config.userEncoder).toBe(userEncoder);
    expect(res!.config.trainPositions).toBe(userEncoder === 'sasrec' ? 'all' : 'last');
    expect(Number.isFinite(res!.history[0].loss)).toBe(true);
    expect(res!.metrics.test.count).toBeGreaterThan(0);
  });

  it.each(['mean', 'mean-mlp', 'concat-mlp'] as const)('--head-aggregation %s and --similarity dot train', async (headAggregation) => {
    const { config } = tinyRun({ epochs: 1, headAggregation, similarity: 'dot', temperature: 1 });
    const res = await train({ config, backend: 'wasm', log: quiet });
    expect(Number.isFinite(res!.history[0].loss)).toBe(true);
  });

  it('unknown names are errors that list the valid values', () => {
    expect(() => applyConfig(DEFAULT_CONFIG, { userEncoder: 'lstm' }, 'flags')).toThrow(/"userEncoder" is "lstm"; valid values: multiatt-wha, mean, mean-mlp, sasrec/);
    expect(() => applyConfig(DEFAULT_CONFIG, { headAggregation: 'max' }, 'flags')).toThrow(/valid values: wha, mean, mean-mlp, concat-mlp/);
    expect(() => applyConfig(DEFAULT_CONFIG, { dropout: 1 }, 'flags')).toThrow(/"dropout" must be a number in \[0, 1\)/);
    expect(() => buildModelFromConfig({ ...DEFAULT_CONFIG, userEncoder: 'gru' as TrainConfig['userEncoder'] }, 10, new Rng(1))).toThrow(/unknown userEncoder "gru"; valid: multiatt-wha, mean, mean-mlp, sasrec/);
  });

  it('sasrec defaults sit under explicit values', () => {
    const c = applyConfig(withEncoderDefaults(DEFAULT_CONFIG, 'sasrec'), { dropout: 0.1 }, 'flags');
    expect(c.userEncoder).toBe('sasrec');
    expect(c.dropout).toBe(0.1);
    expect(c.maskOwnItems).toBe(true);
    expect(c.queueSize).toBeGreaterThanOrEqual(c.batchSize * c.maxLen);
    expect(withEncoderDefaults(DEFAULT_CONFIG, 'mean')).toBe(DEFAULT_CONFIG);
  });
});

describe('item features and time buckets from the data', () => {
  it('auto picks the CSV feature columns and timestamps; the model embeds them and a checkpoint rebuilds it', async () => {
    const { dir, config } = tinyRun();
    const data = tinyFeatureCsv(dir);
    const base = { ...config, data, csvColumns: 'user=user,item=item,timestamp=ts,features=category', epochs: 1 };
    const prepared = prepareData(base, quiet);
    expect(prepared.config.itemFeatures).toBe('category');
    expect(prepared.config.timeBuckets).toBe('log2');
    const res = await train({ config: base, backend: 'wasm', log: quiet });
    expect(res!.config.itemFeatures).toBe('category');
    const model = buildModelFromConfig(res!.config, prepared.dataset.numItems, new Rng(1), prepared.dataset);
    const names = model.params.map((p) => p.name);
    expect(names).toContain('item.feature_embeddings');
    expect(names).toContain('user.time_embedding');
    // without the catalog a model that names features cannot be rebuilt silently wrong
    expect(() => buildModelFromConfig(res!.config, prepared.dataset.numItems, new Rng(1))).toThrow(/pass the dataset's itemFeatures/);
    // the query time changes the user vector (through the buckets), the click ids alone do not decide it
    const ex = prepared.split.test[0];
    const before = tf.memory().numTensors;
    const [a, b] = tf.tidy(() => [
      encodeUsers(model, [ex], 10).arraySync() as number[][],
      encodeUsers(model, [{ ...ex, time: (ex.time ?? 0) + 400 * 86400 }], 10).arraySync() as number[][],
    ]);
    expect(Math.max(...a[0].map((v, j) => Math.abs(v - b[0][j])))).toBeGreaterThan(1e-6);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('labelFeatures false keeps features on the history side only; none / explicit lists resolve or fail clearly', () => {
    const { dir, config } = tinyRun();
    const prepared = prepareData({ ...config, data: tinyFeatureCsv(dir), csvColumns: 'user=user,item=item,timestamp=ts,features=category' }, quiet);
    const ds = prepared.dataset;
    const on = buildModelFromConfig({ ...prepared.config, labelFeatures: true }, ds.numItems, new Rng(2), ds);
    const off = buildModelFromConfig({ ...prepared.config, labelFeatures: false }, ds.numItems, new Rng(2), ds);
    const ids = tf.tensor1d([1, 2, 3], 'int32');
    const [gOn, gOff, idRows] = tf.tidy(() => [
      on.item.encode(ids).arraySync() as number[][],
      off.item.encode(ids).arraySync() as number[][],
      tf.gather(off.params.find((p) => p.name === 'item.id_embedding')!.variable, ids).arraySync() as number[][],
    ]);
    expect(gOff).toEqual(idRows); // label side = id embedding only
    expect(gOn).not.toEqual(gOff); // same weights (same seed), plus the projected features
    expect(on.params.map((p) => p.name)).toEqual(off.params.map((p) => p.name));
    ids.dispose();
    on.dispose();
    off.dispose();
    expect(resolveDataChoices({ ...config, itemFeatures: 'none' }, ds).itemFeatures).toBe('none');
    expect(() => resolveDataChoices({ ...config, itemFeatures: 'genre' }, ds)).toThrow(/has no item feature "genre"; it has: category/);
    expect(() => resolveDataChoices({ ...config, timeBuckets: 'log2' }, { ...ds, timestamps: null })).toThrow(ConfigError);
    expect(() => resolveDataChoices({ ...config, trainPositions: 'all' }, ds)).toThrow(/only sasrec has a state at every position/);
    expect(resolveDataChoices({ ...config, userEncoder: 'sasrec' }, ds).timeBuckets).toBe('none');
  });

  it('rankingItemVectors are unit rows for cosine and raw g(y) for dot', () => {
    const { config } = tinyRun();
    const cos = buildModelFromConfig(config, 10, new Rng(4));
    const dot = buildModelFromConfig({ ...config, similarity: 'dot' }, 10, new Rng(4));
    const [a, b, g] = tf.tidy(() => {
      const ids = tf.tensor1d([1, 2], 'int32');
      return [rankingItemVectors(cos, ids).arraySync() as number[][], rankingItemVectors(dot, ids).arraySync() as number[][], dot.item.encode(ids).arraySync() as number[][]];
    });
    for (const row of a) expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    expect(b).toEqual(g);
    cos.dispose();
    dot.dispose();
  });
});
