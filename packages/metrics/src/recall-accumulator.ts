/**
 * Block-wise Recall@K for users with several targets: the multi-target counterpart of
 * `FullRankingAccumulator`. Memory: one score block; only running sums are kept (per-user values are
 * not stored).
 */
import type { ScoreRow } from './rank-of-target';
import { recallFromPositions, targetListPositions } from './held-out-recall-at-k';

/** Options for {@link RecallAccumulator}. */
export interface RecallAccumulatorOptions {
  /** Cut-offs to report, positive integers. Default `[5, 10, 20]`. */
  ks?: readonly number[];
  /** Treat item 0 as padding, never a candidate. Default `true`. */
  ignoreIndex0?: boolean;
}

/**
 * Collects per-user Recall@K (see `heldOutRecallAtK`: `|top-k ∩ targets| / |targets|`, pessimistic ties,
 * a target that is also in the row's exclusions masked and counted as a miss) over successive score blocks and reports the mean over users (macro average: every user weighs
 * the same whatever their number of targets). Users with an empty target list are skipped and
 * counted in {@link RecallAccumulator.skipped}.
 *
 * @example
 * ```ts
 * const acc = new RecallAccumulator({ ks: [10, 50] });
 * for (const { scores, testItems, histories } of blocks) {
 *   acc.add(scores, numItems + 1, testItems, (row) => histories[row]);
 * }
 * acc.summary(); // { 'Recall@10': …, 'Recall@50': …, count }
 * ```
 */
export class RecallAccumulator {
  private readonly ks: number[];
  private readonly ignoreIndex0: boolean;
  private readonly sums: Float64Array;
  private n = 0;
  private nSkipped = 0;

  /** @param opts - cut-offs and padding policy shared by every block. */
  constructor(opts: RecallAccumulatorOptions = {}) {
    this.ks = [...(opts.ks ?? [5, 10, 20])];
    if (this.ks.length === 0) throw new RangeError('RecallAccumulator: ks is empty');
    for (const k of this.ks) {
      if (!Number.isInteger(k) || k < 1) throw new RangeError(`RecallAccumulator: k must be a positive integer, got ${k}`);
    }
    this.ignoreIndex0 = opts.ignoreIndex0 !== false;
    this.sums = new Float64Array(this.ks.length);
  }

  /** Number of users evaluated so far (users with no targets not included). */
  get count(): number {
    return this.n;
  }

  /** Number of users skipped because their target list was empty. */
  get skipped(): number {
    return this.nSkipped;
  }

  /**
   * Evaluates one block of users.
   *
   * @param scoresBlock - row-major scores of shape `[rows, numCandidates]`, `rows = targets.length`.
   * @param numCandidates - row length (number of item ids, including padding 0).
   * @param targets - held-out item ids per row (block-local), e.g. the test window of each user.
   * @param exclude - optional callback giving the ids to exclude for block-local row `r`; a target
   *   among them is masked (a miss).
   * @throws RangeError on a mis-sized block or an invalid target / excluded id.
   */
  add(
    scoresBlock: ScoreRow,
    numCandidates: number,
    targets: readonly ArrayLike<number>[],
    exclude?: (row: number) => ArrayLike<number> | undefined,
  ): void {
    const rows = targets.length;
    if (!Number.isInteger(numCandidates) || numCandidates < 1 || scoresBlock.length !== rows * numCandidates) {
      throw new RangeError(
        `RecallAccumulator.add: scoresBlock has ${scoresBlock.length} values, expected ` +
          `${rows} rows × ${numCandidates} candidates`,
      );
    }
    const ignoreIndex0 = this.ignoreIndex0;
    for (let r = 0; r < rows; r++) {
      if (targets[r].length === 0) {
        this.nSkipped++;
        continue;
      }
      const row = scoresBlock.subarray(r * numCandidates, (r + 1) * numCandidates);
      const pos = targetListPositions(row, targets[r], { exclude: exclude?.(r), ignoreIndex0 });
      for (let j = 0; j < this.ks.length; j++) this.sums[j] += recallFromPositions(pos, this.ks[j]);
      this.n++;
    }
  }

  /**
   * Mean Recall@k per cut-off, keys `Recall@k` in the order of `ks`, then `count` (users
   * evaluated). Values are `NaN` when no user was evaluated.
   */
  summary(): Record<string, number> {
    const out: Record<string, number> = {};
    this.ks.forEach((k, j) => {
      out[`Recall@${k}`] = this.n === 0 ? NaN : this.sums[j] / this.n;
    });
    out.count = this.n;
    return out;
  }

  /** Forgets all users. */
  reset(): void {
    this.sums.fill(0);
    this.n = 0;
    this.nSkipped = 0;
  }
}
