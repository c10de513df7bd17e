import { join } from 'node:path';
import { type LoadedCheckpoint, loadCheckpoint } from './checkpoint';
import { rebuildCheckpointModel } from './checkpoint-model';
import type { Model, ModelCatalog } from './model';

export { checkpointNeedsCatalog } from './checkpoint-model';

/**
 * The model a loaded checkpoint holds, with its weights restored. Version 2 rebuilds from the stored
 * model options (and `item-features.json`) alone; version 1 from its recipe, with the item features of
 * `catalog` (the dataset it was trained on) when the model embeds any.
 * @throws Error naming the checkpoint's file when a parameter is missing or has another shape
 * (`checkpoint.json`) or holds NaN / ±Infinity (`weights.bin`, see `assertFiniteParams`), or a
 * version-1 feature model gets no catalog
 */
export function modelFromCheckpoint(ck: LoadedCheckpoint, catalog?: ModelCatalog): Model {
  return rebuildCheckpointModel(ck, catalog, (name) => join(ck.dir, name));
}

/** Loads the checkpoint in `dir` and rebuilds its model (see {@link modelFromCheckpoint}). */
export function loadModel(dir: string, catalog?: ModelCatalog): { model: Model; checkpoint: LoadedCheckpoint } {
  const checkpoint = loadCheckpoint(dir);
  return { model: modelFromCheckpoint(checkpoint, catalog), checkpoint };
}
