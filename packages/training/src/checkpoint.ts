import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { AdamState, NamedVariable, QueueState, RngState } from '@clrec/core';
import { replaceDirAtomic, resolveDirWithFallback, writeFileAtomic } from './atomic-write';
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

/** The checkpoint format versions this build reads; it writes the last one. */
export const CHECKPOINT_VERSIONS = [1, 2] as const;

/**
 * {@link ModelOptions} as stored in a manifest: item features by name and cardinality (their
 * per-item values live in `item-features.json` beside it).
 */
export type StoredModelOptions = Omit<ModelOptions, 'item'> & { item: { features: { name: string; cardinality: number }[]; labelFeatures: boolean } };

/**
 * Parsed `checkpoint.json`. Version 2 (this build) stores the model options, so a checkpoint rebuilds
 * its model without any recipe; version 1 (earlier builds) only the recipe `config`.
 */
export interface CheckpointManifest {
  format: 'clrec-checkpoint';
  version: 1 | 2;
  savedAt: string;
  /** The architecture (version 2). */
  model?: StoredModelOptions;
  /** The recipe it was trained with (always in version 1; in version 2 when trained from a recipe, e.g. by `clrec train`). */
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
  const manifest: CheckpointManifest = {
    format: 'clrec-checkpoint', version: 2, savedAt: new Date().toISOString(),
    model: meta.model ? storedModelOptions(meta.model) : undefined, config: meta.config, dataset: meta.dataset, state: meta.state, params: layout, optimizer: opt,
  };
  replaceDirAtomic(dir, (tmp) => {
    writeFileAtomic(join(tmp, 'weights.bin'), bytes(weights));
    if (optBuf) writeFileAtomic(join(tmp, 'optimizer.bin'), bytes(optBuf));
    if (meta.itemIds) writeFileAtomic(join(tmp, 'item-ids.json'), JSON.stringify(meta.itemIds));
    const features = meta.model?.item.features ?? [];
    if (features.length) writeFileAtomic(join(tmp, 'item-features.json'), JSON.stringify(Object.fromEntries(features.map((f) => [f.name, Array.from(f.values)]))));
    writeFileAtomic(join(tmp, 'checkpoint.json'), JSON.stringify(manifest, null, 2));
  });
}

/** Loads a checkpoint directory written by {@link saveCheckpoint}; errors say what is missing or wrong. */
export function loadCheckpoint(dir: string): LoadedCheckpoint {
  const real = resolveDirWithFallback(dir);
  if (!real) throw new Error(`checkpoint ${dir}: directory not found (expected checkpoint.json and weights.bin)`);
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(readFileSync(join(real, 'checkpoint.json'), 'utf8'));
  } catch (e) {
    throw new Error(`checkpoint ${real}: cannot read checkpoint.json (${(e as Error).message})`);
  }
  if (manifest?.format !== 'clrec-checkpoint') throw new Error(`checkpoint ${real}: checkpoint.json is not a CLRec checkpoint (no "format": "clrec-checkpoint")`);
  if (!(CHECKPOINT_VERSIONS as readonly number[]).includes(manifest.version)) {
    throw new Error(`checkpoint ${real}: format version ${JSON.stringify(manifest.version)} is not supported; this build reads versions ${CHECKPOINT_VERSIONS.join(' and ')} (a newer @clrec/training wrote it? upgrade)`);
  }
  if (!manifest.model && !manifest.config) throw new Error(`checkpoint ${real}: checkpoint.json has neither "model" (the model options) nor "config" (the recipe); it cannot be rebuilt`);
  const weights = readF32(join(real, 'weights.bin'));
  const optimizer = manifest.optimizer ? readF32(join(real, 'optimizer.bin')) : null;
  let itemFeatures: LoadedCheckpoint['itemFeatures'] = null;
  const stored = manifest.model?.item.features ?? [];
  if (stored.length) {
    const file = join(real, 'item-features.json');
    let values: Record<string, number[]>;
    try {
      values = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`checkpoint file ${file}: cannot be read (${(e as Error).message}); the model embeds item features ${stored.map((f) => f.name).join(', ')}`);
    }
    itemFeatures = stored.map((f) => {
      const v = values[f.name];
      if (!Array.isArray(v)) throw new Error(`checkpoint file ${file}: has no values for item feature "${f.name}"`);
      return { ...f, values: Int32Array.from(v) };
    });
  }
  return { dir: real, manifest, weights, optimizer, itemFeatures };
}

/** Copies checkpoint weights into the model's parameters, matching by name and shape. */
export function restoreParams(ck: LoadedCheckpoint, params: NamedVariable[]): void {
  const byName = new Map(ck.manifest.params.map((p) => [p.name, p]));
  for (const p of params) {
    const entry = byName.get(p.name);
    if (!entry) throw new Error(`checkpoint ${ck.dir}: has no parameter "${p.name}"`);
    if (entry.shape.join('x') !== p.variable.shape.join('x')) {
      throw new Error(`checkpoint ${ck.dir}: "${p.name}" has shape [${entry.shape}] but the model expects [${p.variable.shape}]`);
    }
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

function readF32(path: string): Float32Array {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new Error(`checkpoint file ${path}: cannot be read (${(e as Error).message})`);
  }
  if (buf.byteLength % 4 !== 0) throw new Error(`checkpoint file ${path}: size ${buf.byteLength} is not a multiple of 4 (truncated?)`);
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

/** Model options with the per-item feature values left out (they are stored in `item-features.json`). */
function storedModelOptions(m: ModelOptions): StoredModelOptions {
  return { ...m, item: { labelFeatures: m.item.labelFeatures, features: m.item.features.map((f) => ({ name: f.name, cardinality: f.cardinality })) } };
}
