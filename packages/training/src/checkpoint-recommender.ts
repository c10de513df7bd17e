import type { VectorIndex, VectorIndexFactory } from '@clrec/core';
import { rebuildCheckpointModel } from './checkpoint-model';
import type { ParsedCheckpoint } from './checkpoint-parse';
import type { ModelCatalog } from './model';
import { buildRankingIndex } from './ranking-index';
import { type Recommendation, Recommender } from './serve-recommender';
import { parseRecommendRequest } from './serve-request';
import { type ServingModel, servingConfig, servingModelOf } from './serving-model';

/** Options of {@link recommenderFromCheckpoint}. */
export interface CheckpointRecommenderOptions {
  /** List length of a request without `k` (default 10, as `clrec serve`). */
  k?: number;
  /** Longest click history accepted (default 1000, as `clrec serve`). */
  maxSequenceLength?: number;
  /** Builds the index (default: the exact blocked scan, as `clrec serve --index exact`). */
  factory?: VectorIndexFactory;
  /** The dataset's item features, for a version-1 checkpoint of a model that embeds them. */
  catalog?: ModelCatalog;
}

/** A body of {@link CheckpointRecommender.recommend}: the JSON body of `clrec serve`'s `POST /recommend`. */
export interface RecommendBody {
  /** Raw item ids of the clicks, oldest first. */
  items: (string | number)[];
  /** List length (default: the recommender's `k`). */
  k?: number;
  /** Leave the clicked items out of the list (default false, as `POST /recommend`). */
  exclude_history?: boolean;
  /** Click times in unix seconds, one per item (models with time buckets). */
  timestamps?: number[];
  /** Query time in unix seconds (default: now). */
  time?: number;
}

/** Top-K recommendations from a checkpoint in memory, ranked exactly as `clrec serve` ranks them. */
export interface CheckpointRecommender {
  /** The model, its raw ↔ dense id maps and item vectors. */
  readonly model: ServingModel;
  /** The index over all item vectors (row r = dense id r + 1). */
  readonly index: VectorIndex;
  /**
   * The top-K items for one history, best first: f(history) by the user encoder, cosine (or dot)
   * against every g(y), the history left out when `exclude_history`. Validated as `POST /recommend`
   * validates its body.
   * @throws HttpError (400 / 422) with the reason: unknown item ids (listed), empty history, bad `k`, …
   */
  recommend(body: RecommendBody): Recommendation[];
  /** Frees the model's tensors and the index. */
  dispose(): void;
}

/**
 * Builds the serving stack of `clrec serve` in memory from a parsed checkpoint (`parseCheckpoint`):
 * the model rebuilt and restored, item vectors under its similarity, the ranking index, and a
 * `Recommender`. Runs in a browser: no file, no socket. Needs the checkpoint's `item-ids.json`.
 * @throws Error naming the checkpoint's file at fault (no item ids, parameters that do not fit, …)
 */
export async function recommenderFromCheckpoint(ck: ParsedCheckpoint, o: CheckpointRecommenderOptions = {}): Promise<CheckpointRecommender> {
  const path = (name: string) => `${ck.dir}/${name}`;
  if (!ck.itemIds) {
    throw new Error(`${path('item-ids.json')}: missing file: the raw item ids are needed to recommend by them; give the checkpoint directory's item-ids.json (clrec train writes it)`);
  }
  const config = servingConfig(ck);
  const model = servingModelOf({ checkpointDir: ck.dir, config, model: rebuildCheckpointModel(ck, o.catalog, path), itemIds: ck.itemIds, idSource: path('item-ids.json') });
  let index: VectorIndex | null = null;
  try {
    index = await buildRankingIndex(model.itemVectors(), model.dim, { metric: model.similarity, factory: o.factory });
    const recommender = new Recommender(model, index);
    const limits = { maxSequenceLength: o.maxSequenceLength ?? 1000, defaultK: Math.min(o.k ?? 10, model.numItems), maxK: Math.min(1000, model.numItems) };
    const built = index;
    return {
      model, index: built,
      recommend: (body) => recommender.compute([parseRecommendRequest(body, model.denseIds, limits)])[0],
      dispose: () => {
        built.dispose();
        model.dispose();
      },
    };
  } catch (e) {
    index?.dispose();
    model.dispose();
    throw e;
  }
}
