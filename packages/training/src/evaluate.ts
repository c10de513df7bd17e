import * as tf from '@tensorflow/tfjs';
import { l2Normalize, Rng } from '@clrec/core';
import type { EvalExample } from '@clrec/datasets';
import { FullRankingAccumulator, SampledRankingAccumulator, topKIndicesBlock } from '@clrec/metrics';
import { encodeUsers, type Model, rankingItemVectors } from './model';

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
  /**
   * Per-item offsets `[numItems + 1]` added to every user's scores before ranking (the serving-time
   * popularity prior, see `popularityPrior`); absent or null: the model's scores as they are.
   */
  itemPrior?: Float32Array | null;
}

/** Options of {@link evaluateProtocols}: full ranking plus sampled protocols and top-K lists. */
export interface ProtocolEvalOptions extends EvalOptions {
  /**
   * Sampled protocols to rank under as well: per protocol a name and the negatives of each example
   * (same order as the examples; ids in `1..numItems`, never the example's target).
   */
  sampled?: { name: string; negatives: readonly ArrayLike<number>[] }[];
  /**
   * Also return each example's best-first top-K list of this length (0 or absent: none). The
   * history is left out of the lists when `excludeHistory`, as in the full ranking.
   */
  topK?: number;
}

/** Result of {@link evaluateProtocols}. */
export interface ProtocolEvalResult {
  /** Full ranking over all items: HR@K, NDCG@K per K, MRR, count (pessimistic ties). */
  full: Record<string, number>;
  /** Per sampled protocol name: HR@1/5/10, NDCG@5/10, MRR, count. */
  sampled: Record<string, Record<string, number>>;
  /** Top-K item ids per example (empty when `topK` is 0). */
  topK: Int32Array[];
}

/**
 * One blocked scoring pass that serves every protocol: each block of examples is scored against all
 * items by the model's similarity between f(history) and g(item) (cosine, or dot product;
 * `[block, numItems + 1]` floats), then
 * the target's full rank, its rank among each sampled protocol's negatives, and the top-K list are
 * read off the same rows.
 */
export function evaluateProtocols(model: Model, examples: EvalExample[], opts: ProtocolEvalOptions): ProtocolEvalResult {
  const n = model.item.numItems + 1;
  const full = new FullRankingAccumulator();
  const sampled = (opts.sampled ?? []).map((p) => {
    if (p.negatives.length !== examples.length) {
      throw new Error(`evaluate: protocol ${p.name} has negatives for ${p.negatives.length} users, but ${examples.length} are evaluated`);
    }
    return { name: p.name, negatives: p.negatives, acc: new SampledRankingAccumulator() };
  });
  const k = opts.topK ?? 0;
  const lists: Int32Array[] = [];
  const itemsT = tf.tidy(() => tf.transpose(rankingItemVectors(model, tf.range(0, n, 1, 'int32') as tf.Tensor1D)));
  const block = opts.blockSize ?? 512;
  try {
    for (let i = 0; i < examples.length; i += block) {
      const part = examples.slice(i, i + block);
      const scoresT = tf.tidy(() => {
        const users = encodeUsers(model, part, opts.maxLen);
        // with a prior the score scale matters: cosine needs unit user vectors too (without one, a
        // user's norm does not change the user's ranking, so it is skipped)
        return tf.matMul(opts.itemPrior && model.similarity !== 'dot' ? l2Normalize(users) : users, itemsT);
      });
      // read outside the tidy: a tidy walks a returned typed array element by element (very slow)
      const scores = scoresT.dataSync() as Float32Array;
      scoresT.dispose();
      if (opts.itemPrior) addRowOffsets(scores, n, opts.itemPrior);
      const targets = part.map((e) => e.target);
      const exclude = opts.excludeHistory ? (r: number) => part[r].history : undefined;
      full.add(scores, n, targets, exclude);
      for (const p of sampled) p.acc.add(scores, n, targets, (r) => p.negatives[i + r]);
      if (k > 0) lists.push(...topKIndicesBlock(scores, n, k, { exclude }));
    }
  } finally {
    itemsT.dispose();
  }
  return {
    full: full.summary(opts.ks),
    sampled: Object.fromEntries(sampled.map((p) => [p.name, p.acc.summary()])),
    topK: lists,
  };
}

/**
 * Full-ranking evaluation: every example's target is ranked against all items by the model's
 * similarity between f(history) and g(item); returns HR@K, NDCG@K, MRR and the count.
 */
export function evaluateFullRanking(model: Model, examples: EvalExample[], opts: EvalOptions): Record<string, number> {
  return evaluateProtocols(model, examples, opts).full;
}

/** Adds `offsets` (length `n`) to every row of the row-major `[rows, n]` score block, in place. */
function addRowOffsets(scores: Float32Array, n: number, offsets: Float32Array): void {
  if (offsets.length !== n) throw new Error(`evaluate: itemPrior has ${offsets.length} entries, expected numItems + 1 = ${n}`);
  for (let base = 0; base < scores.length; base += n) for (let j = 0; j < n; j++) scores[base + j] += offsets[j];
}

/** A seeded subset of at most `max` examples (all when max is 0), the same for every epoch. */
export function sampleExamples(examples: EvalExample[], max: number, seed: number): EvalExample[] {
  if (max <= 0 || examples.length <= max) return examples;
  const idx = new Rng(seed).shuffle(Array.from(examples.keys())).slice(0, max).sort((a, b) => a - b);
  return idx.map((i) => examples[i]);
}
