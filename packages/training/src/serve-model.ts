import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { resolveDirWithFallback } from './atomic-write';
import { loadCheckpoint } from './checkpoint';
import { assertFiniteParams } from './checkpoint-verify';
import { checkpointNeedsCatalog, modelFromCheckpoint } from './load-model';
import { applyConfig, DEFAULT_CONFIG, type TrainConfig } from './config';
import { prepareData } from './data';
import { encodeUsers, type HistoryQuery, type Model, type ModelCatalog, rankingItemVectors } from './model';

/** A trained model loaded for serving: the id maps, item vectors and a user encoder. */
export interface ServingModel {
  /** The checkpoint directory loaded. */
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
 * The checkpoint directory a serving path names: `<run>/checkpoints/best` or `<run>/checkpoints/last`
 * for a run directory (best preferred), else the path itself.
 */
export function resolveCheckpointDir(path: string): string {
  for (const sub of ['best', 'last']) {
    // a save killed between its two renames leaves the previous copy as .old-<sub>, which loadCheckpoint falls back to
    const real = resolveDirWithFallback(join(path, 'checkpoints', sub));
    if (real && existsSync(join(real, 'checkpoint.json'))) return join(path, 'checkpoints', sub);
  }
  return path;
}

/**
 * Loads a checkpoint for serving: rebuilds the model with `buildModel` from the stored config (so any
 * encoder the trainer supports works), restores its weights, and finds the raw item ids — from the
 * checkpoint's `item-ids.json`, else the run's `item-embeddings.json`, else by re-reading the training
 * data named in the config (also done when the model embeds item features, which come from the data).
 * @throws Error naming the file or setting at fault
 */
export function loadServingModel(path: string, log: (line: string) => void = () => {}): ServingModel {
  const ck = loadCheckpoint(resolveCheckpointDir(path));
  assertFiniteParams(ck); // before any data is read
  // a library-saved checkpoint may carry no recipe: defaults, with the model's own history length
  const stored = ck.manifest.model?.user as { maxLen?: number } | undefined;
  const config = applyConfig(DEFAULT_CONFIG, (ck.manifest.config ?? { maxLen: stored?.maxLen }) as unknown as Record<string, unknown>, `${ck.dir}/checkpoint.json`);
  const numItems = ck.manifest.dataset.numItems;
  let ids = readIdFile(ck.dir, numItems);
  let catalog: ModelCatalog | undefined;
  if ((!ids || checkpointNeedsCatalog(ck)) && !ck.manifest.config) {
    throw new Error(`${join(ck.dir, 'checkpoint.json')}: has no "config" (the recipe naming its data) and ${ck.dir} has no item-ids.json; save checkpoints with meta.itemIds (checkpointCallback) to serve raw ids`);
  }
  if (!ids || checkpointNeedsCatalog(ck)) {
    log(`serve: reading ${config.data} for ${ids ? `the item features (itemFeatures: ${config.itemFeatures})` : 'the raw item ids'}`);
    const data = prepareData(config, log);
    if (data.dataset.numItems !== numItems) {
      throw new Error(`serve: the checkpoint ${ck.dir} has ${numItems} items but ${config.data} has ${data.dataset.numItems}`);
    }
    catalog = { itemFeatures: data.dataset.itemFeatures };
    ids ??= { ids: data.dataset.itemIds, source: config.data };
  }
  const model = modelFromCheckpoint(ck, catalog);
  const denseIds = new Map<string, number>();
  for (let i = 1; i <= numItems; i++) denseIds.set(ids.ids[i], i);
  return {
    checkpointDir: ck.dir, config, numItems, dim: config.dim, similarity: model.similarity, usesTime: model.timeBuckets > 0,
    itemIds: ids.ids, denseIds, idSource: ids.source,
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

/** Raw ids from `<ck>/item-ids.json` or `<run>/item-embeddings.json`, checked against the item count. */
function readIdFile(ckDir: string, numItems: number): { ids: string[]; source: string } | null {
  const own = join(ckDir, 'item-ids.json');
  if (existsSync(own)) {
    const ids = readJson(own) as string[];
    if (!Array.isArray(ids) || ids.length !== numItems + 1) throw new Error(`${own}: expected an array of ${numItems + 1} raw ids (index 0 = padding)`);
    return { ids: ids.map(String), source: own };
  }
  const emb = join(ckDir, '..', '..', 'item-embeddings.json');
  if (existsSync(emb)) {
    const meta = readJson(emb) as { ids?: unknown };
    if (Array.isArray(meta.ids) && meta.ids.length === numItems) return { ids: ['', ...meta.ids.map(String)], source: emb };
  }
  return null;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot be read as JSON (${(e as Error).message})`);
  }
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
