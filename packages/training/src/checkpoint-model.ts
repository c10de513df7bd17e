import { Rng } from '@clrec/core';
import { restoreParamsFrom } from './checkpoint-restore';
import type { LoadedCheckpoint } from './checkpoint-types';
import { applyConfig, DEFAULT_CONFIG } from './config';
import { buildModel, buildModelFromConfig, type Model, type ModelCatalog } from './model';

/**
 * Whether rebuilding this checkpoint's model needs the dataset's item features: only version-1
 * checkpoints (written before model options were stored) of models that embed features.
 */
export function checkpointNeedsCatalog(ck: LoadedCheckpoint): boolean {
  if (ck.manifest.model) return false;
  return String(ck.manifest.config?.itemFeatures ?? 'auto').trim() !== 'none';
}

/**
 * The model a loaded checkpoint holds, with its weights restored: rebuilt from the stored model
 * options (and item features) of versions 2 and 3, from the recipe (and `catalog`) of version 1.
 * `path` names the checkpoint's files in errors. `modelFromCheckpoint` (Node) and
 * `modelFromParsedCheckpoint` both rebuild through it.
 * @throws Error naming the checkpoint's file when a parameter is missing, has another shape or holds
 * NaN / ±Infinity, or a version-1 feature model gets no catalog
 */
export function rebuildCheckpointModel(ck: LoadedCheckpoint, catalog: ModelCatalog | undefined, path: (name: string) => string): Model {
  let model: Model;
  const stored = ck.manifest.model;
  if (stored) {
    model = buildModel({ ...stored, item: { labelFeatures: stored.item.labelFeatures, features: ck.itemFeatures ?? [] } }, new Rng(0));
  } else {
    const config = applyConfig(DEFAULT_CONFIG, ck.manifest.config as unknown as Record<string, unknown>, `${ck.dir}/checkpoint.json`);
    if (checkpointNeedsCatalog(ck) && !catalog) {
      throw new Error(`${ck.dir}/checkpoint.json: a format-version-1 checkpoint of a model with item features; pass the dataset's itemFeatures (catalog) to rebuild it`);
    }
    model = buildModelFromConfig(config, ck.manifest.dataset.numItems, new Rng(config.seed), catalog);
  }
  try {
    restoreParamsFrom(ck, model.params, path);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/**
 * The model of a checkpoint parsed from memory (`parseCheckpoint`), with its weights restored; the
 * browser-side twin of `modelFromCheckpoint` (`@clrec/training/node`). `catalog` is needed only for
 * a version-1 checkpoint of a model with item features.
 * @throws Error naming `<source>/checkpoint.json` or `<source>/weights.bin`, as `modelFromCheckpoint` does
 */
export function modelFromParsedCheckpoint(ck: LoadedCheckpoint, catalog?: ModelCatalog): Model {
  return rebuildCheckpointModel(ck, catalog, (name) => `${ck.dir}/${name}`);
}
