import * as tf from '@tensorflow/tfjs';
import type { EvalExample } from '@clrec/datasets';
import { heldOutRecallAtK, rankOfTarget } from '@clrec/metrics';
import { encodeUsers, type Model, rankingItemVectors } from './model';

/** Options of {@link nextClicksMetrics}. */
export interface NextClicksOptions {
  /** Longest history fed to the user encoder. */
  maxLen: number;
  /** List cut-off K (the paper: 50). */
  k?: number;
  /** Number of next clicks to recall (the paper: 5). */
  next?: number;
  /** Users per scoring block (bounds memory: block × numItems floats). */
  blockSize?: number;
  /**
   * Rank with each user's history left out, a held-out click that repeats a history item counting
   * as a miss (as full-ranking evaluation does with `excludeHistory`). Default false.
   */
  excludeHistory?: boolean;
}

/** Result of {@link nextClicksMetrics}. */
export interface NextClicksMetrics {
  /** Keys `HR1@K` (the first next click is in the top K) and `Recall<n>@K`, means over users. */
  metrics: Record<string, number>;
  /** Users evaluated. */
  users: number;
  /** Mean number of distinct next clicks per user (≤ n; 1 under leave-one-out). */
  meanFutureClicks: number;
}

/**
 * Long-term prediction metrics of KDD Table 7: for each example, rank every item by f(history)
 * (full ranking, the label-side vectors, pessimistic ties) and report HR1@K — the first held-out
 * click is in the top K — and Recall<n>@K = |top K ∩ next n clicks| / |next n clicks| (distinct
 * items). `futures[i]` are example i's held-out clicks after its history, the target first; only the
 * first `next` are used.
 */
export function nextClicksMetrics(model: Model, examples: EvalExample[], futures: ArrayLike<number>[], opts: NextClicksOptions): NextClicksMetrics {
  const K = opts.k ?? 50;
  const n = opts.next ?? 5;
  if (futures.length !== examples.length) throw new Error(`nextClicksMetrics: ${examples.length} examples but ${futures.length} futures`);
  const numItems = model.item.numItems;
  const itemsT = tf.tidy(() => tf.transpose(rankingItemVectors(model, tf.range(0, numItems + 1, 1, 'int32') as tf.Tensor1D)));
  const block = opts.blockSize ?? 256;
  let hr = 0, recall = 0, futureSum = 0, users = 0;
  try {
    for (let i = 0; i < examples.length; i += block) {
      const part = examples.slice(i, i + block);
      const scoresT = tf.tidy(() => tf.matMul(encodeUsers(model, part, opts.maxLen), itemsT));
      const scores = scoresT.dataSync() as Float32Array;
      scoresT.dispose();
      part.forEach((_, r) => {
        const future = Array.from(futures[i + r]).slice(0, n);
        if (future.length === 0) return;
        const row = scores.subarray(r * (numItems + 1), (r + 1) * (numItems + 1));
        const rank = { exclude: opts.excludeHistory ? part[r].history : undefined };
        if (rankOfTarget(row, future[0], rank) < K) hr++;
        recall += heldOutRecallAtK(row, future, K, rank);
        futureSum += new Set(future).size;
        users++;
      });
    }
  } finally {
    itemsT.dispose();
  }
  const d = Math.max(1, users);
  return { metrics: { [`HR1@${K}`]: hr / d, [`Recall${n}@${K}`]: recall / d }, users, meanFutureClicks: futureSum / d };
}

/**
 * The held-out clicks after each evaluation example's history in the full sequence: everything the
 * split kept out of training from the example's target on (`sequences[user]` from `history.length`),
 * at most `next` clicks. Leave-one-out holds out only the test click; a temporal split holds out the
 * whole test window.
 */
export function heldOutFutures(sequences: Int32Array[], examples: EvalExample[], next: number): Int32Array[] {
  return examples.map((e) => sequences[e.user].subarray(e.history.length, e.history.length + next));
}
