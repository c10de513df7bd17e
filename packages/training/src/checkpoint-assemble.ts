import { CHECKPOINT_ADVICE, float32File, missingFileError } from './checkpoint-checks';
import { tableLength } from './checkpoint-manifest';
import type { CheckpointManifest, LoadedCheckpoint } from './checkpoint-types';

/** How {@link assembleCheckpoint} gets a checkpoint's files and names them in errors. */
export interface CheckpointFiles {
  /**
   * The bytes of file `name` (already checked against the manifest's `files` entry when it has one),
   * or null when it is not there. `optimizer.bin` may be null (the checkpoint is then loaded without
   * Adam state); a missing `weights.bin` or `item-features.json` is an error.
   */
  bytes(name: string): Uint8Array | null;
  /** The path (or label) errors name file `name` by. */
  path(name: string): string;
}

const utf8 = new TextDecoder('utf-8');

/**
 * The checks and parsing both checkpoint readers share once the manifest is parsed and the files'
 * checksums are verified: the float32 weights (and optimizer slots) against the manifest's tables,
 * and the per-item values of the item features the model embeds (`item-features.json`).
 * @param dir what the result's `dir` holds: the directory read, or the label of an in-memory checkpoint
 * @throws Error starting with the path of the file at fault, saying what is wrong and what to do
 */
export function assembleCheckpoint(manifest: CheckpointManifest, dir: string, files: CheckpointFiles): LoadedCheckpoint {
  const needed = (name: string): Uint8Array => files.bytes(name) ?? (() => { throw missingFileError(files.path(name), manifest.files?.[name]); })();
  const weights = float32File(files.path('weights.bin'), needed('weights.bin'), tableLength(manifest.params), 'parameter ("params")');
  const optBytes = manifest.optimizer ? files.bytes('optimizer.bin') : null;
  const optimizer = manifest.optimizer && optBytes ? float32File(files.path('optimizer.bin'), optBytes, tableLength(manifest.optimizer.slots, 2), 'optimizer ("optimizer.slots")') : null;
  let itemFeatures: LoadedCheckpoint['itemFeatures'] = null;
  const stored = manifest.model?.item.features ?? [];
  if (stored.length) {
    const path = files.path('item-features.json');
    let values: Record<string, number[]>;
    try {
      values = JSON.parse(utf8.decode(needed('item-features.json')));
    } catch (e) {
      const msg = (e as Error).message;
      throw new Error(msg.startsWith(path) ? msg : `${path}: cannot be parsed (${msg}); the model embeds item features ${stored.map((f) => f.name).join(', ')}. To recover, ${CHECKPOINT_ADVICE}`);
    }
    itemFeatures = stored.map((f) => {
      const v = values?.[f.name];
      if (!Array.isArray(v)) throw new Error(`${path}: has no values for item feature "${f.name}". To recover, ${CHECKPOINT_ADVICE}`);
      return { ...f, values: Int32Array.from(v) };
    });
  }
  return { dir, manifest, weights, optimizer, itemFeatures };
}

/**
 * Checks the parsed contents of a checkpoint's `item-ids.json`: an array of `numItems + 1` raw ids
 * (index 0 = padding `""`), returned as strings.
 * @throws Error starting with `path` when it is not
 */
export function checkItemIds(value: unknown, path: string, numItems: number): string[] {
  if (!Array.isArray(value) || value.length !== numItems + 1) throw new Error(`${path}: expected an array of ${numItems + 1} raw ids (index 0 = padding)`);
  return value.map(String);
}
