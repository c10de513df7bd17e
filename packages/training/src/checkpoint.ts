import { join } from 'node:path';
import type { AdamState, NamedVariable } from '@clrec/core';
import { replaceDirAtomic, writeFileAtomic } from './atomic-write';
import { restoreParamsFrom } from './checkpoint-restore';
import type { CheckpointManifest, DatasetFingerprint, LoadedCheckpoint, StoredModelOptions } from './checkpoint-types';
import { checkpointFileEntry } from './checkpoint-verify';
import type { TrainConfig } from './config';
import type { TrainingState } from './fit';
import type { ModelOptions } from './model';

export type { CheckpointManifest, DatasetFingerprint, LoadedCheckpoint, StoredModelOptions, TrainingState };
export { checkpointAdamState } from './checkpoint-restore';

export { CHECKPOINT_VERSIONS } from './checkpoint-manifest';
export { loadCheckpoint } from './checkpoint-load';

/**
 * Saves parameters (and optionally Adam state) plus the manifest into `dir`, replacing it atomically.
 * Files: `checkpoint.json`, `weights.bin` (float32 LE, concatenated), `optimizer.bin` (m then v per slot),
 * `item-ids.json` (JSON array: raw item id of each dense id, index 0 = padding `""`) when
 * `meta.itemIds` is given, so a checkpoint alone can serve raw ids (`clrec serve`), and with
 * `meta.model` the model options in the manifest plus `item-features.json` (each feature's per-item values).
 */
export async function saveCheckpoint(
  dir: string,
  meta: { config?: TrainConfig; dataset: DatasetFingerprint; state: TrainingState; itemIds?: string[]; model?: ModelOptions },
  params: NamedVariable[],
  optimizer: AdamState | null,
): Promise<void> {
  const layout: CheckpointManifest['params'] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const p of params) {
    const data = (await p.variable.data()) as Float32Array;
    layout.push({ name: p.name, shape: [...p.variable.shape], offset });
    parts.push(data);
    offset += data.length;
  }
  const weights = concat(parts, offset);
  let opt: CheckpointManifest['optimizer'] = null;
  let optBuf: Float32Array | null = null;
  if (optimizer) {
    const oParts: Float32Array[] = [];
    let o = 0;
    const slots = optimizer.slots.map((s) => {
      oParts.push(s.m, s.v);
      const entry = { name: s.name, shape: s.shape, offset: o };
      o += s.m.length * 2;
      return entry;
    });
    optBuf = concat(oParts, o);
    opt = { step: optimizer.step, slots };
  }
  const contents: [string, Uint8Array][] = [['weights.bin', bytes(weights)]];
  if (optBuf) contents.push(['optimizer.bin', bytes(optBuf)]);
  if (meta.itemIds) contents.push(['item-ids.json', utf8(JSON.stringify(meta.itemIds))]);
  const features = meta.model?.item.features ?? [];
  if (features.length) contents.push(['item-features.json', utf8(JSON.stringify(Object.fromEntries(features.map((f) => [f.name, Array.from(f.values)]))))]);
  const manifest: CheckpointManifest = {
    format: 'clrec-checkpoint', version: 3, savedAt: new Date().toISOString(),
    files: Object.fromEntries(contents.map(([name, data]) => [name, checkpointFileEntry(data)])),
    model: meta.model ? storedModelOptions(meta.model) : undefined, config: meta.config, dataset: meta.dataset, state: meta.state, params: layout, optimizer: opt,
  };
  replaceDirAtomic(dir, (tmp) => {
    for (const [name, data] of contents) writeFileAtomic(join(tmp, name), data);
    writeFileAtomic(join(tmp, 'checkpoint.json'), JSON.stringify(manifest, null, 2)); // last: its presence marks a complete directory
  });
}

/**
 * Copies checkpoint weights into the model's parameters, matching by name and shape; refuses NaN or
 * ±Infinity in any of them (see `assertFiniteParams`) before changing anything.
 * @throws Error naming `<dir>/checkpoint.json` (a parameter missing or of another shape) or `<dir>/weights.bin` (non-finite values)
 */
export function restoreParams(ck: LoadedCheckpoint, params: NamedVariable[]): void {
  restoreParamsFrom(ck, params, (name) => join(ck.dir, name));
}

function concat(parts: Float32Array[], total: number): Float32Array {
  const out = new Float32Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function bytes(a: Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

/** Model options with the per-item feature values left out (they are stored in `item-features.json`). */
function storedModelOptions(m: ModelOptions): StoredModelOptions {
  return { ...m, item: { labelFeatures: m.item.labelFeatures, features: m.item.features.map((f) => ({ name: f.name, cardinality: f.cardinality })) } };
}
