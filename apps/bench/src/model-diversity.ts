import * as tf from '@tensorflow/tfjs';
import { l2Normalize } from '@clrec/core';
import type { EvalExample } from '@clrec/datasets';
import { packHistories, toSequenceBatch } from '@clrec/encoders';
import { FullRankingAccumulator } from '@clrec/metrics';
import { loadModel, type Model, resolveCheckpointDir, type TrainConfig } from '@clrec/training/node';
import { AggregateDiversity } from './aggregate-diversity';

/** Aggregate diversity of a trained model's top-K lists, plus the HR@K recomputed from the same scores. */
export interface ModelDiversity {
  k: number;
  /** Distinct items in the union of all users' top K. */
  distinct: number;
  /** distinct / number of real items. */
  coverage: number;
  users: number;
  /** HR@K of the same scores (cross-check against the trainer's test metric). */
  hitRate: number;
}

/**
 * Scores every example's history against all items by cosine similarity (f(x)·g(y) of l2-normalised
 * vectors, like the trainer's full-ranking evaluation) in blocks, and collects top-K aggregate diversity
 * and HR@K. History items are skipped when `excludeHistory` (as in the evaluation).
 */
export function modelDiversity(model: Model, examples: EvalExample[], opts: { k: number; maxLen: number; excludeHistory: boolean; blockSize?: number }): ModelDiversity {
  const n = model.item.numItems + 1;
  const div = new AggregateDiversity(n, opts.k);
  const acc = new FullRankingAccumulator();
  const itemsT = tf.tidy(() => tf.transpose(l2Normalize(model.item.encode(tf.range(0, n, 1, 'int32')) as tf.Tensor2D)));
  const block = opts.blockSize ?? 512;
  try {
    for (let i = 0; i < examples.length; i += block) {
      const part = examples.slice(i, i + block);
      let longest = 1;
      for (const e of part) longest = Math.max(longest, e.history.length);
      const scoresT = tf.tidy(() => tf.matMul(model.user.encode(toSequenceBatch(packHistories(part.map((e) => e.history), Math.min(opts.maxLen, longest)))), itemsT));
      const scores = scoresT.dataSync() as Float32Array;
      scoresT.dispose();
      const exclude = opts.excludeHistory ? (r: number) => part[r].history : undefined;
      div.add(scores, part.length, exclude);
      acc.add(scores, n, part.map((e) => e.target), exclude);
    }
  } finally {
    itemsT.dispose();
  }
  return { k: opts.k, distinct: div.distinct, coverage: div.coverage, users: div.count, hitRate: acc.summary([opts.k])[`HR@${opts.k}`] };
}

/**
 * Rebuilds the model a `clrec train` run selected (its `checkpoints/best`, else `checkpoints/last`)
 * with the run's config, and measures {@link modelDiversity} on `examples`.
 */
export function runDirDiversity(runDir: string, config: TrainConfig, numItems: number, examples: EvalExample[], k: number): ModelDiversity {
  const { model } = loadModel(resolveCheckpointDir(runDir));
  try {
    if (model.item.numItems !== numItems) throw new Error(`${runDir}: the model has ${model.item.numItems} items, expected ${numItems}`);
    return modelDiversity(model, examples, { k, maxLen: config.maxLen, excludeHistory: config.excludeHistory });
  } finally {
    model.dispose();
  }
}
