import * as tf from '@tensorflow/tfjs';
import { type ItemEncoder, l2Normalize, type NamedVariable, type Rng, type TwoTowerModel, type UserEncoder } from '@clrec/core';
import type { ItemFeature } from '@clrec/datasets';
import {
  DEFAULT_TIME_BUCKETS, FeatureItemEncoder, ItemIdEmbedding, packHistories, SasRecEncoder, toSequenceBatch,
} from '@clrec/encoders';
import { ConfigError, type TrainConfig } from './config';
import { USER_ENCODERS, type UserEncoderOptions } from './user-encoders';

/** The label-side item encoder of a model: g(y) for ids `1..numItems` (0 = padding). */
export type ModelItemEncoder = ItemEncoder & { readonly numItems: number };

/** The trained model: item encoder g, user encoder f, and the union of their parameters. */
export interface Model extends TwoTowerModel {
  readonly specificationVersion: 'v1';
  /** The options it was built from (stored in checkpoints). */
  options: ModelOptions;
  /** Label side g(y): id (+ categorical features); keys, candidates and evaluation use it. */
  item: ModelItemEncoder;
  /** User encoder f(x) on a history batch (for SASRec: the state after the latest click). */
  user: UserEncoder;
  /** The SASRec encoder when the user encoder is one (per-position states for the every-position loss). */
  sequence: SasRecEncoder | null;
  /** Separate key encoder of the u2u pretext task (same shape as `user`, shared item embeddings; trained only), or null when u2u is off or its keys use `user` itself (`u2uKeyEncoder: 'shared'`). */
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
 * Everything that fixes a model's architecture, typed per encoder: what {@link buildModel} takes and
 * what a checkpoint's manifest stores (with the feature values saved beside it), so a checkpoint
 * rebuilds its model without any recipe.
 */
export interface ModelOptions {
  /** Dense item ids are 1..numItems (0 = padding). */
  numItems: number;
  /** Embedding width d of users and items. */
  dim: number;
  /** How users and items are compared: cosine (l2-normalised) or raw dot product. */
  similarity: 'cosine' | 'dot';
  /** Item tower g(y): categorical features embedded with the id (values per dense id), and whether keys use them too. */
  item: { features: ItemFeature[]; labelFeatures: boolean };
  /** Rows of the history time-bucket table (0 = no click times; `DEFAULT_TIME_BUCKETS` for log2 buckets). */
  timeBuckets: number;
  /** User tower f(x): a registered user encoder (`kind`) and its typed options. */
  user: UserEncoderOptions | ({ kind: string } & Record<string, unknown>);
  /** Also build the u2u pretext task's separate key encoder (same options as `user`); false when u2u is off or shares `user`. */
  u2uKey: boolean;
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

/** The typed {@link ModelOptions} a flat recipe describes (features selected from `catalog`). */
export function modelOptionsFromConfig(config: TrainConfig, numItems: number, catalog?: ModelCatalog): ModelOptions {
  const entry = USER_ENCODERS.get(config.userEncoder);
  return {
    numItems, dim: config.dim, similarity: config.similarity,
    item: { features: selectedFeatures(config, catalog), labelFeatures: config.labelFeatures },
    timeBuckets: config.timeBuckets === 'log2' ? DEFAULT_TIME_BUCKETS : 0,
    user: entry.options(config),
    u2uKey: config.u2u > 0 && config.u2uKeyEncoder === 'separate',
  };
}

/** Builds the model a flat recipe describes: {@link modelOptionsFromConfig} then {@link buildModel}. */
export function buildModelFromConfig(config: TrainConfig, numItems: number, rng: Rng, catalog?: ModelCatalog): Model {
  return buildModel(modelOptionsFromConfig(config, numItems, catalog), rng);
}

/**
 * Builds the two towers. Weights are drawn from `rng` in a fixed order (item tower, user tower,
 * u2u key tower), so the same options and seed give the same weights.
 * @throws ConfigError for an unknown user encoder or options it rejects
 */
export function buildModel(options: ModelOptions, rng: Rng): Model {
  const entry = USER_ENCODERS.get(options.user.kind);
  const { numItems, dim: d, timeBuckets } = options;
  const features = options.item.features;
  let item: ModelItemEncoder;
  let history: ItemEncoder;
  let featureEncoder: FeatureItemEncoder | null = null;
  if (features.length > 0) {
    featureEncoder = new FeatureItemEncoder({
      numItems, dim: d, rng, features: features.map((f) => ({ name: f.name, vocab: f.cardinality, values: f.values })),
    });
    history = featureEncoder.historyEncoder();
    item = options.item.labelFeatures ? featureEncoder : Object.assign(featureEncoder.idEncoder(), { numItems });
  } else {
    item = new ItemIdEmbedding({ numItems, dim: d, rng });
    history = item;
  }
  const ctx = (prefix: string) => ({ itemEncoder: history, rng, prefix, timeBuckets, numItems, itemFeatures: features });
  const user: UserEncoder = entry.build(options.user, ctx('user'));
  const u2uKey: UserEncoder | null = options.u2uKey ? entry.build(options.user, ctx('u2u_key')) : null;
  const itemParams = featureEncoder ? featureEncoder.variables() : item.variables();
  const params = [...itemParams, ...user.variables(), ...(u2uKey?.variables() ?? [])];
  return {
    specificationVersion: 'v1', options,
    item, user, sequence: user instanceof SasRecEncoder ? user : null, u2uKey, similarity: options.similarity, timeBuckets,
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
