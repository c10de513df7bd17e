/**
 * Block-wise full-ranking evaluation: score a block of users against all items, turn each row into
 * a target rank, keep only the ranks. Memory stays bounded by one score block
 * (`rows × numCandidates` floats) plus 8 bytes per evaluated user.
 */
import { rankOfTarget, type ScoreRow } from './rank-of-target';
import { DEFAULT_KS, summarizeRanks } from './summarize-ranks';

/** Options for {@link FullRankingAccumulator}. */
export interface AccumulatorOptions {
  /** Treat item 0 as padding, never a candidate (passed to `rankOfTarget`). Default `true`. */
  ignoreIndex0?: boolean;
}

/**
 * Collects target ranks over successive score blocks, then summarizes them. A target listed in its
 * row's exclusions (a repeat of a history item) is masked with the rest: rank `Infinity`, a miss in
 * every metric of the summary, counted by {@link FullRankingAccumulator.masked}.
 *
 * @example
 * ```ts
 * const acc = new FullRankingAccumulator();
 * for (const { scores, targets, histories } of blocks) {
 *   acc.add(scores, numItems, targets, (row) => histories[row]);
 * }
 * console.log(acc.summary([10, 20]));
 * ```
 */
export class FullRankingAccumulator {
  private readonly ignoreIndex0: boolean;
  private buf = new Float64Array(1024);
  private n = 0;
  private nMasked = 0;

  /** @param opts - padding policy shared by every block. */
  constructor(opts: AccumulatorOptions = {}) {
    this.ignoreIndex0 = opts.ignoreIndex0 !== false;
  }

  /** Number of users (rows) ranked so far, masked targets included. */
  get count(): number {
    return this.n;
  }

  /** Number of users so far whose target was in their exclusion list (rank `Infinity`, a miss). */
  get masked(): number {
    return this.nMasked;
  }

  /**
   * Ranks one block of users.
   *
   * @param scoresBlock - row-major scores, shape `[rows, numCandidates]` with
   *   `rows = targets.length`; row `r` holds the scores of every item id for that user.
   * @param numCandidates - row length (number of item ids, including padding item 0).
   * @param targets - target item id per row.
   * @param exclude - optional callback giving the items to exclude for block-local row `r`
   *   (`0 <= r < rows`, not a global user index), e.g. that user's history; may return `undefined`.
   *   A target in its own list is masked (rank `Infinity`).
   * @throws RangeError if the block size does not match `targets.length × numCandidates`, or on an
   *   invalid target / excluded index (see `rankOfTarget`).
   */
  add(
    scoresBlock: ScoreRow,
    numCandidates: number,
    targets: ArrayLike<number>,
    exclude?: (row: number) => ArrayLike<number> | undefined,
  ): void {
    const rows = targets.length;
    if (!Number.isInteger(numCandidates) || numCandidates < 1 || scoresBlock.length !== rows * numCandidates) {
      throw new RangeError(
        `FullRankingAccumulator.add: scoresBlock has ${scoresBlock.length} values, expected ` +
          `${rows} rows × ${numCandidates} candidates`,
      );
    }
    this.reserve(this.n + rows);
    const ignoreIndex0 = this.ignoreIndex0;
    for (let r = 0; r < rows; r++) {
      const row = scoresBlock.subarray(r * numCandidates, (r + 1) * numCandidates);
      const rank = rankOfTarget(row, targets[r], { exclude: exclude?.(r), ignoreIndex0 });
      if (rank === Infinity) this.nMasked++;
      this.buf[this.n++] = rank;
    }
  }

  /** Copy of all ranks so far, in the order rows were added: integers, `Infinity` for a masked target. */
  ranks(): Float64Array {
    return this.buf.slice(0, this.n);
  }

  /**
   * Metric summary of the ranks so far (see `summarizeRanks`): `HR@k`, `NDCG@k` per k, `MRR`, `count`;
   * masked targets are misses (gain 0) and count as users.
   *
   * @param ks - cut-offs; default `[5, 10, 20]`.
   */
  summary(ks: readonly number[] = DEFAULT_KS): Record<string, number> {
    return summarizeRanks(this.buf.subarray(0, this.n), ks);
  }

  /** Forgets all ranks (keeps the allocated buffer). */
  reset(): void {
    this.n = 0;
    this.nMasked = 0;
  }

  /** Grows the rank buffer to hold at least `size` entries. */
  private reserve(size: number): void {
    if (size <= this.buf.length) return;
    let cap = this.buf.length;
    while (cap < size) cap *= 2;
    const next = new Float64Array(cap);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }
}
