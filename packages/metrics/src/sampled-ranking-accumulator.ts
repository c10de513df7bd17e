/**
 * Block-wise sampled-protocol evaluation: the counterpart of `FullRankingAccumulator` for the
 * "target vs its user's fixed sampled negatives" protocol (KDD Table 8 / BERT4Rec, SASRec). It reads
 * the target's and the negatives' scores out of full score rows, so one scoring pass serves both
 * protocols.
 */
import { sampledRankInRow, summarizeSampledRanks } from './sampled-rank';

/**
 * Collects sampled ranks (`#negatives scoring >= the target`, pessimistic) over successive score
 * blocks and summarises them as HR@1/5/10, NDCG@5/10, MRR (see `summarizeSampledRanks`). There is no
 * history exclusion here: the negatives already leave out every item of the user, so a target that
 * repeats a history item is still ranked against its negatives (unlike the full ranking with
 * history excluded, where it is masked).
 *
 * @example
 * ```ts
 * const acc = new SampledRankingAccumulator();
 * for (const { scores, targets, first } of blocks) {
 *   acc.add(scores, numItems + 1, targets, (row) => negatives.negatives[first + row]);
 * }
 * acc.summary(); // { 'HR@1': …, …, MRR, count }
 * ```
 */
export class SampledRankingAccumulator {
  private buf = new Int32Array(1024);
  private n = 0;

  /** Number of users (rows) ranked so far. */
  get count(): number {
    return this.n;
  }

  /**
   * Ranks one block of users against their sampled negatives.
   *
   * @param scoresBlock - row-major scores, shape `[rows, numCandidates]`, `rows = targets.length`;
   *   `scoresBlock[r * numCandidates + i]` is the score of item id `i` for block row `r`.
   * @param numCandidates - row length (item ids `0..numCandidates-1`, 0 = padding).
   * @param targets - held-out item id per row.
   * @param negatives - the sampled negatives of block-local row `r` (ids in `[1, numCandidates)`,
   *   never the target).
   * @throws RangeError on a block size mismatch or an invalid id (see `sampledRankInRow`).
   */
  add(
    scoresBlock: Float32Array | Float64Array,
    numCandidates: number,
    targets: ArrayLike<number>,
    negatives: (row: number) => ArrayLike<number>,
  ): void {
    const rows = targets.length;
    if (!Number.isInteger(numCandidates) || numCandidates < 1 || scoresBlock.length !== rows * numCandidates) {
      throw new RangeError(
        `SampledRankingAccumulator.add: scoresBlock has ${scoresBlock.length} values, expected ${rows} rows × ${numCandidates} candidates`,
      );
    }
    if (this.n + rows > this.buf.length) {
      let cap = this.buf.length;
      while (cap < this.n + rows) cap *= 2;
      const next = new Int32Array(cap);
      next.set(this.buf.subarray(0, this.n));
      this.buf = next;
    }
    for (let r = 0; r < rows; r++) {
      const row = scoresBlock.subarray(r * numCandidates, (r + 1) * numCandidates);
      this.buf[this.n++] = sampledRankInRow(row, targets[r], negatives(r));
    }
  }

  /** Copy of all sampled ranks so far, in the order rows were added. */
  ranks(): Int32Array {
    return this.buf.slice(0, this.n);
  }

  /** `HR@1`, `HR@5`, `NDCG@5`, `HR@10`, `NDCG@10`, `MRR`, `count` of the ranks so far. */
  summary(): Record<string, number> {
    return summarizeSampledRanks(this.buf.subarray(0, this.n));
  }
}
