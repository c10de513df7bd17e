import * as tf from '@tensorflow/tfjs';
import type { LoadedCheckpoint } from './checkpoint-types';
import { applyConfig, DEFAULT_CONFIG, type TrainConfig } from './config';
import { encodeUsers, type HistoryQuery, type Model, rankingItemVectors } from './model';

/** A trained model loaded for serving: the id maps, item vectors and a user encoder. */
export interface ServingModel {
  /** The checkpoint directory loaded (or the label of an in-memory checkpoint). */
  checkpointDir: string;
  /** The config the model was trained with (defaults filled in for keys newer than the checkpoint). */
  config: TrainConfig;
  /** Catalog size n; dense item ids are 1..n. */
  numItems: number;
  /** Vector width d. */
  dim: number;
  /** How users and items are compared (cosine unless trained with dot-product logits). */
  similarity: 'cosine' | 'dot';
  /** Whether the user encoder embeds click times (time buckets), so request timestamps change the result. */
  usesTime: boolean;
  /** Raw item id of each dense id (`itemIds[0] = ''`, padding). */
  itemIds: string[];
  /** Dense id of each raw item id. */
  denseIds: Map<string, number>;
  /** Where the raw ids came from (`item-ids.json` of the checkpoint, the run's item embeddings, or the dataset). */
  idSource: string;
  /** Item vectors g(y) for dense ids 1..n, float32 `[n, d]` (l2-normalised for cosine); row r = dense id r + 1. */
  itemVectors(): Float32Array;
  /** User vectors f(x), float32 `[queries.length, d]`, for chronological dense-id histories. */
  encode(queries: HistoryQuery[]): Float32Array;
  /** Frees the model's tensors. */
  dispose(): void;
}

/**
 * The recipe a checkpoint is served with: its stored `config` over the defaults, or (a
 * library-saved checkpoint without a recipe) the defaults with the model's own history length.
 * @throws ConfigError naming `<dir>/checkpoint.json` for a stored value this build rejects
 */
export function servingConfig(ck: LoadedCheckpoint): TrainConfig {
  const stored = ck.manifest.model?.user as { maxLen?: number } | undefined;
  return applyConfig(DEFAULT_CONFIG, (ck.manifest.config ?? { maxLen: stored?.maxLen }) as unknown as Record<string, unknown>, `${ck.dir}/checkpoint.json`);
}

/**
 * Wraps a model rebuilt from a checkpoint as a {@link ServingModel} (what `clrec serve` and the
 * in-page recommender rank with): item vectors under its similarity, a user encoder reading the last
 * `config.maxLen` clicks, and the raw ↔ dense id maps of `itemIds` (index 0 = padding).
 */
export function servingModelOf(o: { checkpointDir: string; config: TrainConfig; model: Model; itemIds: string[]; idSource: string }): ServingModel {
  const { model, config, itemIds } = o;
  const numItems = model.item.numItems;
  const denseIds = new Map<string, number>();
  for (let i = 1; i <= numItems; i++) denseIds.set(itemIds[i], i);
  return {
    checkpointDir: o.checkpointDir, config, numItems, dim: model.item.dim, similarity: model.similarity, usesTime: model.timeBuckets > 0,
    itemIds, denseIds, idSource: o.idSource,
    itemVectors: () => itemVectors(model, numItems),
    encode: (queries) => {
      const t = tf.tidy(() => encodeUsers(model, queries, config.maxLen));
      const out = t.dataSync() as Float32Array; // read outside the tidy (a tidy walks returned typed arrays)
      t.dispose();
      return out;
    },
    dispose: () => model.dispose(),
  };
}

/** g(y) for ids 1..n in blocks of 65,536 rows (bounded tensor size). */
function itemVectors(model: Model, numItems: number): Float32Array {
  const d = model.item.dim;
  const out = new Float32Array(numItems * d);
  const block = 65_536;
  for (let start = 1; start <= numItems; start += block) {
    const end = Math.min(numItems + 1, start + block);
    const t = tf.tidy(() => rankingItemVectors(model, tf.range(start, end, 1, 'int32') as tf.Tensor1D));
    out.set(t.dataSync() as Float32Array, (start - 1) * d);
    t.dispose();
  }
  return out;
}
