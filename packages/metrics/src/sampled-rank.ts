/**
 * Ranks under the sampled protocol: the held-out target against its user's sampled negatives
 * (1 + 100 candidates in the authors' setup). The ranks plug into the same `hitRate` / `ndcg` /
 * `mrr` metrics as full-ranking ranks; {@link summarizeSampledRanks} reports the authors' set.
 */
import type { ScoreRow } from './rank-of-target';
import { hitRate, mrr, ndcg } from './rank-metrics';

/**
 * Pessimistic 0-based rank of the target among `1 + negativeScores.length` candidates:
 * `#(negatives with score >= target score)`, a NaN negative counting above the target and a NaN
 * target getting the worst rank (`negativeScores.length`), as in `rankOfTarget`.
 *
 * @param targetScore - the model's score of the held-out item.
 * @param negativeScores - the model's scores of the user's sampled negatives.
 * @returns an integer in `[0, negativeScores.length]`.
 */
export function sampledRank(targetScore: number, negativeScores: ArrayLike<number>): number {
  let rank = 0;
  for (let j = 0; j < negativeScores.length; j++) {
    if (!(negativeScores[j] < targetScore)) rank++;
  }
  return rank;
}

/**
 * {@link sampledRank} read from a full score row: `sampledRank(scores[target], scores[negatives])`.
 *
 * @param scores - one score row, `scores[i]` = score of item id `i`.
 * @param target - held-out item id.
 * @param negatives - the user's sampled negatives (from `sampleEvalNegatives`).
 * @throws RangeError if an id is out of range, a negative is the padding id 0, or the target is
 *   among the negatives (the sampled set must exclude the user's items).
 */
export function sampledRankInRow(scores: ScoreRow, target: number, negatives: ArrayLike<number>): number {
  const n = scores.length;
  if (!Number.isInteger(target) || target < 1 || target >= n) {
    throw new RangeError(`sampledRankInRow: target ${target} is not an item id in [1, ${n})`);
  }
  const t = scores[target];
  let rank = 0;
  for (let j = 0; j < negatives.length; j++) {
    const id = negatives[j];
    if (!Number.isInteger(id) || id < 1 || id >= n) {
      throw new RangeError(`sampledRankInRow: negatives[${j}] = ${id} is not an item id in [1, ${n})`);
    }
    if (id === target) throw new RangeError(`sampledRankInRow: the target ${target} is among the negatives`);
    if (!(scores[id] < t)) rank++;
  }
  return rank;
}

/**
 * The metric record of the authors' public-benchmark table (KDD Table 8): keys in order
 * `HR@1`, `HR@5`, `NDCG@5`, `HR@10`, `NDCG@10`, `MRR`, `count` (NDCG@1 is omitted: it equals HR@1).
 *
 * @param ranks - one sampled rank per user (see {@link sampledRank}).
 * @returns means in `[0, 1]` (`NaN` with no users) and the user count.
 */
export function summarizeSampledRanks(ranks: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const metric of [hitRate(1), hitRate(5), ndcg(5), hitRate(10), ndcg(10), mrr()]) {
    out[metric.name] = metric.fromRanks(ranks);
  }
  out.count = ranks.length;
  return out;
}
