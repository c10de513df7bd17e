import * as tf from '@tensorflow/tfjs';
import { Rng } from '@clrec/core';
import type { ItemFeature } from '@clrec/datasets';
import { buildModel, type HistoryQuery, type Model, type ModelOptions } from '@clrec/training';

/** Options of {@link randomModel} (tests only). */
export interface RandomModelOptions {
  numItems?: number;
  dim?: number;
  similarity?: 'cosine' | 'dot';
  timeBuckets?: number;
  features?: ItemFeature[];
  labelFeatures?: boolean;
  seed?: number;
}

/**
 * A model with every parameter drawn at random (biases and layer-norm gains too, unlike a fresh
 * build), so a mistake in any weight's use shows in the outputs (tests only).
 */
export function randomModel(user: ModelOptions['user'], o: RandomModelOptions = {}): Model {
  const numItems = o.numItems ?? 60;
  const model = buildModel({
    numItems, dim: o.dim ?? 16, similarity: o.similarity ?? 'cosine', item: { features: o.features ?? [], labelFeatures: o.labelFeatures ?? true },
    timeBuckets: o.timeBuckets ?? 0, user, u2uKey: false,
  }, new Rng(o.seed ?? 1));
  const rng = new Rng((o.seed ?? 1) + 100);
  for (const p of model.params) {
    const n = p.variable.size;
    const values = new Float32Array(n);
    const gain = p.name.endsWith('.gamma');
    for (let i = 0; i < n; i++) values[i] = (gain ? 1 : 0) + 0.4 * rng.normal();
    tf.tidy(() => p.variable.assign(tf.tensor(values, p.variable.shape)));
  }
  return model;
}

/** A categorical feature with `cardinality` values over `numItems` items (value 0 for the padding item; tests only). */
export function randomFeature(name: string, numItems: number, cardinality: number, seed: number): ItemFeature {
  const rng = new Rng(seed);
  const values = new Int32Array(numItems + 1);
  for (let i = 1; i <= numItems; i++) values[i] = 1 + rng.int(cardinality - 1);
  return { name, cardinality, values };
}

/**
 * Histories of varied lengths (1, 2, maxLen, longer than maxLen, and random ones) over items
 * 1..numItems, with click and query times (one row without times; tests only).
 */
export function randomHistories(count: number, numItems: number, maxLen: number, seed: number): HistoryQuery[] {
  const rng = new Rng(seed);
  const fixed = [1, 2, maxLen, maxLen + 7, maxLen - 1];
  return Array.from({ length: count }, (_, i) => {
    const len = fixed[i] ?? 1 + rng.int(2 * maxLen);
    const history = Array.from({ length: len }, () => 1 + rng.int(numItems));
    if (i === 1) return { history };
    const time = 1_700_000_000 + rng.int(1_000_000);
    let t = time;
    const historyTimes = history.map(() => (t -= rng.int(200_000))).reverse();
    return { history, historyTimes, time };
  });
}
