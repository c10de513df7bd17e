import * as tf from '@tensorflow/tfjs';
import type { AdamState, NamedVariable } from '@clrec/core';
import { assertFiniteWeights } from './checkpoint-checks';
import type { LoadedCheckpoint } from './checkpoint-types';

/**
 * Copies checkpoint weights into the model's parameters, matching by name and shape; refuses NaN or
 * ±Infinity in any of them before changing anything. `path` names the checkpoint's files in errors
 * (`restoreParams` of `@clrec/training/node` joins them to the directory).
 * @throws Error naming `checkpoint.json` (a parameter missing or of another shape) or `weights.bin` (non-finite values)
 */
export function restoreParamsFrom(ck: LoadedCheckpoint, params: NamedVariable[], path: (name: string) => string): void {
  const byName = new Map(ck.manifest.params.map((p) => [p.name, p]));
  for (const p of params) {
    const entry = byName.get(p.name);
    if (!entry) throw new Error(`${path('checkpoint.json')}: has no parameter "${p.name}" (saved from another model?)`);
    if (entry.shape.join('x') !== p.variable.shape.join('x')) {
      throw new Error(`${path('checkpoint.json')}: "${p.name}" has shape [${entry.shape}] but the model expects [${p.variable.shape}]`);
    }
  }
  assertFiniteWeights(path('weights.bin'), ck.manifest, ck.weights, params.map((p) => p.name));
  for (const p of params) {
    const entry = byName.get(p.name)!;
    const size = entry.shape.reduce((a, b) => a * b, 1);
    tf.tidy(() => p.variable.assign(tf.tensor(ck.weights.subarray(entry.offset, entry.offset + size), entry.shape)));
  }
}

/** Rebuilds the Adam state stored in a checkpoint (null when it holds none, or was loaded without `optimizer.bin`). */
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
