import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDirWithFallback } from './atomic-write';
import { loadCheckpoint } from './checkpoint';
import { checkItemIds } from './checkpoint-assemble';
import { assertFiniteParams } from './checkpoint-verify';
import { checkpointNeedsCatalog, modelFromCheckpoint } from './load-model';
import { prepareData } from './data';
import type { ModelCatalog } from './model';
import { type ServingModel, servingConfig, servingModelOf } from './serving-model';

export type { ServingModel };

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
  const config = servingConfig(ck);
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
  return servingModelOf({ checkpointDir: ck.dir, config, model, itemIds: ids.ids, idSource: ids.source });
}

/** Raw ids from `<ck>/item-ids.json` or `<run>/item-embeddings.json`, checked against the item count. */
function readIdFile(ckDir: string, numItems: number): { ids: string[]; source: string } | null {
  const own = join(ckDir, 'item-ids.json');
  if (existsSync(own)) {
    return { ids: checkItemIds(readJson(own), own, numItems), source: own };
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
