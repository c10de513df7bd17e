import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { AdamState, NamedVariable, QueueState, RngState } from '@clrec/core';
import { replaceDirAtomic, resolveDirWithFallback, writeFileAtomic } from './atomic-write';
import type { TrainConfig } from './config';

/** Progress and bookkeeping saved with the weights, so a run can resume exactly where it stopped. */
export interface TrainingState {
  /** Epochs fully completed. */
  epoch: number;
  /** Steps completed within the current (unfinished) epoch. */
  stepInEpoch: number;
  /** Sum and count of step losses so far in the current epoch (for its mean loss after a resume). */
  epochLoss: { sum: number; count: number };
  /** Steps completed overall. */
  globalStep: number;
  /** RNG state at the start of the current epoch (re-creates its shuffle order on resume). */
  epochRngState: RngState;
  /** State of the RNG negative samplers draw from. */
  samplerRngState: RngState;
  /** Negative-queue contents. */
  queue: QueueState;
  /** Validation metrics of each finished epoch. */
  history: { epoch: number; loss: number; valid: Record<string, number>; seconds: number }[];
  /** Best validation value of `config.selectMetric` so far, and its epoch. */
  best: { epoch: number; value: number } | null;
  /** Epochs since the best one (for early stopping). */
  sinceBest: number;
  /** Training wall time accumulated before this process (seconds). */
  wallSeconds: number;
}

/** Facts about the dataset a checkpoint was trained on, checked when resuming or evaluating. */
export interface DatasetFingerprint {
  name: string;
  numUsers: number;
  numItems: number;
  interactions: number;
}

/** Parsed `checkpoint.json`. */
export interface CheckpointManifest {
  format: 'clrec-checkpoint';
  version: 1;
  savedAt: string;
  config: TrainConfig;
  dataset: DatasetFingerprint;
  state: TrainingState;
  params: { name: string; shape: number[]; offset: number }[];
  optimizer: { step: number; slots: { name: string; shape: number[]; offset: number }[] } | null;
}

/** A loaded checkpoint: manifest plus raw float32 parameter and optimizer buffers. */
export interface LoadedCheckpoint {
  dir: string;
  manifest: CheckpointManifest;
  weights: Float32Array;
  optimizer: Float32Array | null;
}

/**
 * Saves parameters (and optionally Adam state) plus the manifest into `dir`, replacing it atomically.
 * Files: `checkpoint.json`, `weights.bin` (float32 LE, concatenated), `optimizer.bin` (m then v per slot),
 * and `item-ids.json` (JSON array: raw item id of each dense id, index 0 = padding `""`) when
 * `meta.itemIds` is given, so a checkpoint alone can serve raw ids (`clrec serve`).
 */
export async function saveCheckpoint(
  dir: string,
  meta: { config: TrainConfig; dataset: DatasetFingerprint; state: TrainingState; itemIds?: string[] },
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
    format: 'clrec-checkpoint', version: 1, savedAt: new Date().toISOString(),
    config: meta.config, dataset: meta.dataset, state: meta.state, params: layout, optimizer: opt,
  };
  replaceDirAtomic(dir, (tmp) => {
    writeFileAtomic(join(tmp, 'weights.bin'), bytes(weights));
    if (optBuf) writeFileAtomic(join(tmp, 'optimizer.bin'), bytes(optBuf));
    if (meta.itemIds) writeFileAtomic(join(tmp, 'item-ids.json'), JSON.stringify(meta.itemIds));
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
  if (manifest.format !== 'clrec-checkpoint' || manifest.version !== 1) {
    throw new Error(`checkpoint ${real}: checkpoint.json is not a version-1 CLRec checkpoint`);
  }
  const weights = readF32(join(real, 'weights.bin'));
  const optimizer = manifest.optimizer ? readF32(join(real, 'optimizer.bin')) : null;
  return { dir: real, manifest, weights, optimizer };
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
