import * as tf from '@tensorflow/tfjs';
import { l2Normalize, Rng } from '@clrec/core';
import { packHistories, toSequenceBatch } from '@clrec/encoders';
import type { EvalExample } from '@clrec/datasets';
import { FullRankingAccumulator } from '@clrec/metrics';
import type { Model } from './model';

/** Options of {@link evaluateFullRanking}. */
export interface EvalOptions {
  /** Cut-offs for HR@K / NDCG@K. */
  ks: number[];
  /** Longest history fed to the user encoder. */
  maxLen: number;
  /** Skip the user's own history items when ranking (the target always stays). */
  excludeHistory: boolean;
  /** Users per block (bounds memory: block × numItems floats). */
  blockSize?: number;
}

/**
 * Full-ranking evaluation: every example's target is ranked against all items by cosine similarity
 * between f(history) and g(item); returns HR@K, NDCG@K, MRR and the count.
 */
export function evaluateFullRanking(model: Model, examples: EvalExample[], opts: EvalOptions): Record<string, number> {
  const numItems = model.item.numItems;
  const acc = new FullRankingAccumulator();
  const itemsT = tf.tidy(() => tf.transpose(l2Normalize(model.item.encode(tf.range(0, numItems + 1, 1, 'int32')) as tf.Tensor2D)));
  const block = opts.blockSize ?? 512;
  try {
    for (let i = 0; i < examples.length; i += block) {
      const part = examples.slice(i, i + block);
      let longest = 1;
      for (const e of part) longest = Math.max(longest, e.history.length);
      const scoresT = tf.tidy(() => {
        const b = toSequenceBatch(packHistories(part.map((e) => e.history), Math.min(opts.maxLen, longest)));
        return tf.matMul(model.user.encode(b), itemsT);
      });
      // read outside the tidy: a tidy walks a returned typed array element by element (very slow)
      const scores = scoresT.dataSync() as Float32Array;
      scoresT.dispose();
      acc.add(scores, numItems + 1, part.map((e) => e.target), opts.excludeHistory ? (r) => part[r].history : undefined);
    }
  } finally {
    itemsT.dispose();
  }
  return acc.summary(opts.ks);
}

/** A seeded subset of at most `max` examples (all when max is 0), the same for every epoch. */
export function sampleExamples(examples: EvalExample[], max: number, seed: number): EvalExample[] {
  if (max <= 0 || examples.length <= max) return examples;
  const idx = new Rng(seed).shuffle(Array.from(examples.keys())).slice(0, max).sort((a, b) => a - b);
  return idx.map((i) => examples[i]);
}
