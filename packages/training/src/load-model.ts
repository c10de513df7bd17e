import { Rng } from '@clrec/core';
import { type LoadedCheckpoint, loadCheckpoint, restoreParams } from './checkpoint';
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
 * The model a loaded checkpoint holds, with its weights restored. Version 2 rebuilds from the stored
 * model options (and `item-features.json`) alone; version 1 from its recipe, with the item features of
 * `catalog` (the dataset it was trained on) when the model embeds any.
 * @throws Error naming the checkpoint's file when a parameter is missing or has another shape
 * (`checkpoint.json`) or holds NaN / ±Infinity (`weights.bin`, see `assertFiniteParams`), or a
 * version-1 feature model gets no catalog
 */
export function modelFromCheckpoint(ck: LoadedCheckpoint, catalog?: ModelCatalog): Model {
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
    restoreParams(ck, model.params);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** Loads the checkpoint in `dir` and rebuilds its model (see {@link modelFromCheckpoint}). */
export function loadModel(dir: string, catalog?: ModelCatalog): { model: Model; checkpoint: LoadedCheckpoint } {
  const checkpoint = loadCheckpoint(dir);
  return { model: modelFromCheckpoint(checkpoint, catalog), checkpoint };
}
