import * as tf from '@tensorflow/tfjs';
import { type ItemEncoder, l2Normalize, type NamedVariable, type Rng, type UserEncoder } from '@clrec/core';
import type { ItemFeature } from '@clrec/datasets';
import {
  DEFAULT_TIME_BUCKETS, FeatureItemEncoder, ItemIdEmbedding, MeanPoolEncoder, MultiAttWhaEncoder, packHistories, SasRecEncoder, toSequenceBatch,
} from '@clrec/encoders';
import { ConfigError, type TrainConfig } from './config';
import { buildMultiClrecEncoder } from './multi-clrec-model';

/** The label-side item encoder of a model: g(y) for ids `1..numItems` (0 = padding). */
export type ModelItemEncoder = ItemEncoder & { readonly numItems: number };

/** The trained model: item encoder g, user encoder f, and the union of their parameters. */
export interface Model {
  /** Label side g(y): id (+ categorical features); keys, candidates and evaluation use it. */
  item: ModelItemEncoder;
  /** User encoder f(x) on a history batch (for SASRec: the state after the latest click). */
  user: UserEncoder;
  /** The SASRec encoder when the user encoder is one (per-position states for the every-position loss). */
  sequence: SasRecEncoder | null;
  /** Key encoder of the u2u pretext task (same shape as `user`, shared item embeddings; trained only), or null when u2u is off. */
  u2uKey: UserEncoder | null;
  /** How users and items are compared: cosine (l2-normalised) or raw dot product. */
  similarity: 'cosine' | 'dot';
  /** Rows of the history time-bucket table (0 = the model uses no click times). */
  timeBuckets: number;
  /** Names of the categorical item features the model embeds (empty = id only). */
  itemFeatures: string[];
  params: NamedVariable[];
  dispose(): void;
}

/** The dataset facts a model may need besides the item count: the categorical item features. */
export interface ModelCatalog {
  itemFeatures: ItemFeature[];
}

/**
 * The feature names a config selects from a catalog: `none` → [], `auto` → all the catalog's
 * features (none without a catalog, e.g. checkpoints that predate features), else the comma list,
 * each of which must exist.
 */
export function selectedFeatures(config: TrainConfig, catalog?: ModelCatalog): ItemFeature[] {
  const spec = config.itemFeatures.trim();
  if (spec === 'none') return [];
  if (spec === 'auto') return catalog?.itemFeatures ?? [];
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (!catalog) throw new ConfigError(`itemFeatures "${spec}": this model embeds item features; pass the dataset's itemFeatures to buildModel`);
  return names.map((n) => {
    const f = catalog.itemFeatures.find((x) => x.name === n);
    if (!f) {
      const have = catalog.itemFeatures.map((x) => x.name);
      throw new ConfigError(`itemFeatures: the dataset has no item feature "${n}"; it has: ${have.length ? have.join(', ') : '(none)'} (or use auto / none)`);
    }
    return f;
  });
}

/** What a user-encoder builder gets (see {@link USER_ENCODER_BUILDERS}). */
export interface UserEncoderContext {
  config: TrainConfig;
  /** History-side item encoder (id + features, shared with the label side). */
  itemEncoder: ItemEncoder;
  rng: Rng;
  /** Parameter-name prefix (`user`; e.g. `u2u_key` for a second encoder of the same shape). */
  prefix: string;
  /** Rows of the history time table (0 = none). */
  timeBuckets: number;
  /** The dataset's item features, when known. */
  catalog?: ModelCatalog;
  /** Number of items (ids 1..numItems), for encoders with per-item tables (multi-clrec's hashed categories). */
  numItems?: number;
}

/** User encoders by `userEncoder` name; each builds f(x) over the given history item encoder. */
export const USER_ENCODER_BUILDERS: Record<string, (c: UserEncoderContext) => UserEncoder> = {
  'multiatt-wha': ({ config, itemEncoder, rng, prefix, timeBuckets }) => new MultiAttWhaEncoder({
    itemEncoder, maxLen: config.maxLen, positional: config.positional, timeBuckets, heads: config.heads, hidden: config.hidden,
    aggregation: config.headAggregation, rng, name: prefix,
  }),
  mean: ({ config, itemEncoder, rng, prefix, timeBuckets }) => new MeanPoolEncoder({
    itemEncoder, maxLen: config.maxLen, positional: config.positional, timeBuckets, rng, name: prefix,
  }),
  'mean-mlp': ({ config, itemEncoder, rng, prefix, timeBuckets }) => new MeanPoolEncoder({
    itemEncoder, maxLen: config.maxLen, positional: config.positional, timeBuckets, mlp: true, rng, name: prefix,
  }),
  sasrec: ({ config, itemEncoder, rng, prefix, timeBuckets }) => {
    if (timeBuckets > 0) {
      throw new ConfigError('timeBuckets: the sasrec encoder has no time-bucket embedding (its every-position loss has no single query time); use --time-buckets none');
    }
    return new SasRecEncoder({
      itemEncoder, maxLen: config.maxLen, positional: config.positional, blocks: config.blocks, heads: config.heads, dropout: config.dropout, rng, name: prefix,
    });
  },
  'multi-clrec': buildMultiClrecEncoder,
};

/** Builds the user encoder named by `c.config.userEncoder`; an unknown name is an error listing the valid ones. */
export function buildUserEncoder(c: UserEncoderContext): UserEncoder {
  const build = USER_ENCODER_BUILDERS[c.config.userEncoder];
  if (!build) throw new ConfigError(`unknown userEncoder "${c.config.userEncoder}"; valid: ${Object.keys(USER_ENCODER_BUILDERS).join(', ')}`);
  return build(c);
}

/**
 * Builds encoders from a config. Weights are drawn from `rng` in a fixed order (reproducible).
 * `catalog` (the dataset) supplies the item features selected by `config.itemFeatures`.
 */
export function buildModel(config: TrainConfig, numItems: number, rng: Rng, catalog?: ModelCatalog): Model {
  if (!USER_ENCODER_BUILDERS[config.userEncoder]) {
    throw new ConfigError(`unknown userEncoder "${config.userEncoder}"; valid: ${Object.keys(USER_ENCODER_BUILDERS).join(', ')}`);
  }
  const features = selectedFeatures(config, catalog);
  const timeBuckets = config.timeBuckets === 'log2' ? DEFAULT_TIME_BUCKETS : 0;
  const d = config.dim;
  let item: ModelItemEncoder;
  let history: ItemEncoder;
  let featureEncoder: FeatureItemEncoder | null = null;
  if (features.length > 0) {
    featureEncoder = new FeatureItemEncoder({
      numItems, dim: d, rng, features: features.map((f) => ({ name: f.name, vocab: f.cardinality, values: f.values })),
    });
    history = featureEncoder.historyEncoder();
    item = config.labelFeatures ? featureEncoder : Object.assign(featureEncoder.idEncoder(), { numItems });
  } else {
    item = new ItemIdEmbedding({ numItems, dim: d, rng });
    history = item;
  }
  const user = buildUserEncoder({ config, itemEncoder: history, rng, prefix: 'user', timeBuckets, catalog, numItems });
  const u2uKey = config.u2u > 0 ? buildUserEncoder({ config, itemEncoder: history, rng, prefix: 'u2u_key', timeBuckets, catalog, numItems }) : null;
  const itemParams = featureEncoder ? featureEncoder.variables() : item.variables();
  const params = [...itemParams, ...user.variables(), ...(u2uKey?.variables() ?? [])];
  return {
    item, user, sequence: user instanceof SasRecEncoder ? user : null, u2uKey, similarity: config.similarity, timeBuckets,
    itemFeatures: features.map((f) => f.name), params,
    dispose: () => {
      if (featureEncoder) featureEncoder.dispose();
      else itemParams.forEach((p) => p.variable.dispose());
      for (const enc of [user, u2uKey]) {
        enc?.variables().forEach((p) => p.variable.dispose());
        (enc as { dispose?: () => void } | null)?.dispose?.(); // non-variable tensors (multi-clrec's category ids)
      }
    },
  };
}

/** A history to encode: chronological items, and (optional) click times and the query time. */
export interface HistoryQuery {
  history: ArrayLike<number>;
  historyTimes?: ArrayLike<number> | null;
  time?: number | null;
}

/**
 * User vectors f(x) `[B, d]` for a list of histories (e.g. evaluation examples), packed to the
 * longest one (≤ maxLen) and, when the model embeds click times, with each click's time bucket of
 * (query time − click time). Call inside a tidy.
 */
export function encodeUsers(model: Model, queries: HistoryQuery[], maxLen: number): tf.Tensor2D {
  let longest = 1;
  for (const q of queries) longest = Math.max(longest, q.history.length);
  const T = Math.min(maxLen, longest);
  const times = model.timeBuckets > 0
    ? { clickTimes: queries.map((q) => q.historyTimes ?? null), queryTimes: queries.map((q) => q.time ?? null), numBuckets: model.timeBuckets }
    : undefined;
  return model.user.encode(toSequenceBatch(packHistories(queries.map((q) => q.history), T, times)));
}

/**
 * The item vectors rankings use, `[n, d]` for int32 `ids`: l2-normalised for cosine similarity,
 * raw g(y) for dot product (user vectors need no normalisation: it does not change a user's
 * ranking). Call inside a tidy.
 */
export function rankingItemVectors(model: Model, ids: tf.Tensor1D): tf.Tensor2D {
  const g = model.item.encode(ids) as tf.Tensor2D;
  return model.similarity === 'dot' ? g : l2Normalize(g);
}
