import { aggregateDiversity, topKIndicesBlock } from '@clrec/metrics';

/**
 * Aggregate diversity of top-K recommendation lists, fed block by block: the number of distinct items
 * that appear in at least one user's top K (`aggregateDiversity` of `@clrec/metrics` over the lists
 * `topKIndicesBlock` picks; ties go to the smaller id, the padding id 0 is never recommended).
 * A popularity-biased model recommends the same few items to everyone and scores low.
 */
export class AggregateDiversity {
  private readonly lists: Int32Array[] = [];

  /**
   * @param numCandidates row length of the score blocks (item ids 0..numCandidates − 1, 0 = padding)
   * @param k list length K
   */
  constructor(readonly numCandidates: number, readonly k: number) {}

  /**
   * Adds one block of users' scores, row-major `[rows, numCandidates]`.
   * @param exclude ids never recommended to block-local row r (e.g. its history), or undefined
   */
  add(scores: Float32Array, rows: number, exclude?: (row: number) => ArrayLike<number> | undefined): void {
    if (scores.length !== rows * this.numCandidates) {
      throw new Error(`AggregateDiversity.add: ${scores.length} scores, expected ${rows} x ${this.numCandidates}`);
    }
    this.lists.push(...topKIndicesBlock(scores, this.numCandidates, this.k, { exclude }));
  }

  /** Distinct items over all lists so far. */
  get distinct(): number {
    return aggregateDiversity(this.lists);
  }

  /** Users (lists) added so far. */
  get count(): number {
    return this.lists.length;
  }

  /** distinct / number of real items (numCandidates − 1). */
  get coverage(): number {
    return this.numCandidates > 1 ? this.distinct / (this.numCandidates - 1) : 0;
  }
}
