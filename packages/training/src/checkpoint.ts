import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { AdamState, NamedVariable, QueueState, RngState } from '@clrec/core';
import { replaceDirAtomic, writeFileAtomic } from './atomic-write';
import { assertFiniteParams, type CheckpointFileEntry, checkpointFileEntry } from './checkpoint-verify';
import type { TrainConfig } from './config';
import type { TrainingState } from './fit';
import type { ModelOptions } from './model';

export type { TrainingState };

/** Facts about the dataset a checkpoint was trained on, checked when resuming or evaluating. */
export interface DatasetFingerprint {
  name: string;
  numUsers: number;
  numItems: number;
  interactions: number;
}

export { CHECKPOINT_VERSIONS } from './checkpoint-manifest';
export { loadCheckpoint } from './checkpoint-load';

/**
 * {@link ModelOptions} as stored in a manifest: item features by name and cardinality (their
 * per-item values live in `item-features.json` beside it).
 */
export type StoredModelOptions = Omit<ModelOptions, 'item'> & { item: { features: { name: string; cardinality: number }[]; labelFeatures: boolean } };

/**
 * Parsed `checkpoint.json`. Version 3 (this build) lists the size and SHA-256 of every other file
 * (`files`), checked on load; versions 2 and 3 store the model options, so a checkpoint rebuilds its
 * model without any recipe; version 1 (earlier builds) only the recipe `config`. Versions 1 and 2
 * still load, without checksums.
 */
export interface CheckpointManifest {
  format: 'clrec-checkpoint';
  version: 1 | 2 | 3;
  savedAt: string;
  /** Size and SHA-256 of each other file of the directory, by file name (version 3). */
  files?: Record<string, CheckpointFileEntry>;
  /** The architecture (versions 2 and 3). */
  model?: StoredModelOptions;
  /** The recipe it was trained with (always in version 1; in versions 2 and 3 when trained from a recipe, e.g. by `clrec train`). */
  config?: TrainConfig;
  dataset: DatasetFingerprint;
  state: TrainingState;
  params: { name: string; shape: number[]; offset: number }[];
  optimizer: { step: number; slots: { name: string; shape: number[]; offset: number }[] } | null;
}

/** A loaded checkpoint: manifest plus raw float32 parameter and optimizer buffers. */
export interface LoadedCheckpoint {
  dir: string;
  manifest: CheckpointManifest;
  /** Per-item values of the model's item features (version 2 with features), else null. */
  itemFeatures: { name: string; cardinality: number; values: Int32Array }[] | null;
  weights: Float32Array;
  optimizer: Float32Array | null;
}

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
 * ±Infinity in any of them ({@link assertFiniteParams}) before changing anything.
 * @throws Error naming `<dir>/checkpoint.json` (a parameter missing or of another shape) or `<dir>/weights.bin` (non-finite values)
 */
export function restoreParams(ck: LoadedCheckpoint, params: NamedVariable[]): void {
  const byName = new Map(ck.manifest.params.map((p) => [p.name, p]));
  for (const p of params) {
    const entry = byName.get(p.name);
    if (!entry) throw new Error(`${join(ck.dir, 'checkpoint.json')}: has no parameter "${p.name}" (saved from another model?)`);
    if (entry.shape.join('x') !== p.variable.shape.join('x')) {
      throw new Error(`${join(ck.dir, 'checkpoint.json')}: "${p.name}" has shape [${entry.shape}] but the model expects [${p.variable.shape}]`);
    }
  }
  assertFiniteParams(ck, params.map((p) => p.name));
  for (const p of params) {
    const entry = byName.get(p.name)!;
    const size = entry.shape.reduce((a, b) => a * b, 1);
    tf.tidy(() => p.variable.assign(tf.tensor(ck.weights.subarray(entry.offset, entry.offset + size), entry.shape)));
  }
}

/** Rebuilds the Adam state stored in a checkpoint (null when it holds none). */
export function checkpointAdamState(ck: LoadedCheckpoint): AdamState | null {
  if (!ck.manifest.optimizer || !ck.optimizer) return null;
  const buf = ck.optimizer;
  return {
    step: ck.manifest.optimizer.step,
    slots: ck.manifest.optimizer.slots.map((s) => {
      const n = s.shape.reduce((a, b) => a * b, 1);
      return { name: s.name, shape: s.shape, m: buf.slice(s.offset, s.offset + n), v: buf.slice(s.offset + n, s.offset + 2 * n) };
    }),
  };
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
