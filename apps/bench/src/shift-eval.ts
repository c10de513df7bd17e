import type { EvalExample, SequenceDataset } from '@clrec/datasets';
import * as tf from '@tensorflow/tfjs';
import { rankOfTarget } from '@clrec/metrics';
import {
  intentionScores, loadModel, type Model, nextClicksMetrics, resolveCheckpointDir, type TrainConfig,
} from '@clrec/training/node';

/**
 * Rebuilds the model a `train()` run selected — its `checkpoints/best` (else `checkpoints/last`) — with
 * the run's resolved config and the dataset's item features. The caller disposes it.
 */
export function loadRunModel(runDir: string, config: TrainConfig, dataset: SequenceDataset): Model {
  return loadModel(resolveCheckpointDir(runDir), dataset).model; // the checkpoint's own model options (v1: its recipe)
}

/**
 * HitRate@K of examples by full ranking over all items (label-side vectors, pessimistic ties): the share
 * of examples whose target is among the K best-scored items (KDD Table 4 reports HitRate@50).
 */
export function hitRateAt(model: Model, examples: EvalExample[], k: number, maxLen: number): number {
  if (examples.length === 0) return Number.NaN;
  return nextClicksMetrics(model, examples, examples.map((e) => [e.target]), { maxLen, k, next: 1 }).metrics[`HR1@${k}`];
}

/**
 * HitRate@K of a Multi-CLRec model served with its top `intentions` intention vectors: an item's score
 * is the selector-weighted mixture over those vectors (the trainer's `intentionScores`), full ranking,
 * pessimistic ties.
 */
export function hitRateTopIntentions(model: Model, examples: EvalExample[], k: number, intentions: number, maxLen: number, blockSize = 256): number {
  if (examples.length === 0) return Number.NaN;
  let hits = 0;
  const n = model.item.numItems + 1;
  for (let i = 0; i < examples.length; i += blockSize) {
    const part = examples.slice(i, i + blockSize);
    const t = tf.tidy(() => intentionScores(model, part, maxLen, intentions));
    const scores = t.dataSync() as Float32Array;
    t.dispose();
    part.forEach((e, r) => {
      if (rankOfTarget(scores.subarray(r * n, (r + 1) * n), e.target) < k) hits++;
    });
  }
  return hits / examples.length;
}

/** Mean and sample standard deviation (0 for one value) of a list. */
export function meanStd(values: number[]): { mean: number; std: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, n);
  const std = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std };
}
