import * as tf from '@tensorflow/tfjs';
import { TopKHeap, type VectorIndex, type VectorSearchResult } from '@clrec/spec';
import { checkK, checkMatrix, checkMetric, normalizeRows, type SimilarityMetric } from './vectors';

/** Options of {@link ExactIndex.build}. */
export interface ExactIndexOptions {
  /**
   * Items per scoring block (default 32768). Each block is one tfjs tensor `[dim, blockSize]`;
   * a search holds one `[queryBlock, blockSize]` float32 score block at a time.
   */
  blockSize?: number;
  /** Queries scored together by one matrix product (default 32): more amortises each pass over the items. */
  queryBlock?: number;
  /**
   * Similarity: `cosine` (default; rows and queries l2-normalised, as CLRec trains) or `dot` (raw
   * inner product, for models trained with dot-product logits).
   */
  metric?: SimilarityMetric;
}

/**
 * Exact cosine top-K over the whole catalog by a blocked scan. The item vectors are l2-normalised
 * once and stored transposed in blocks of `blockSize` items as tfjs tensors (on the active backend,
 * WASM by default); a search normalises up to `queryBlock` queries, multiplies them by each block
 * (one `[queryBlock, dim] × [dim, blockSize]` product) and feeds the scores to a bounded top-K heap
 * per query. Memory beyond the index itself is one score block; the catalog is never scored in one
 * piece. Results are exact up to float32 rounding of the dot products, best first, ties by lower id.
 */
export class ExactIndex implements VectorIndex {
  /** Plugin specification version this index implements. */
  readonly specificationVersion = 'v1' as const;
  /** Registry name. */
  readonly name = 'exact';
  /** Vector width d. */
  readonly dim: number;
  /** Number of indexed rows n. */
  readonly size: number;
  /** Items per block. */
  readonly blockSize: number;
  /** Queries per product. */
  readonly queryBlock: number;
  /** Similarity scored. */
  readonly metric: SimilarityMetric;
  private blocks: tf.Tensor2D[];

  private constructor(dim: number, size: number, opts: Required<ExactIndexOptions>, blocks: tf.Tensor2D[]) {
    this.dim = dim;
    this.size = size;
    this.blockSize = opts.blockSize;
    this.queryBlock = opts.queryBlock;
    this.metric = opts.metric;
    this.blocks = blocks;
  }

  /**
   * Indexes `vectors`, float32 row-major `[n, dim]` (copied; row r gets id r).
   * @throws RangeError on a length that is not a multiple of `dim`, a non-finite value, an empty
   *   matrix or a bad option
   */
  static build(vectors: Float32Array, dim: number, options: ExactIndexOptions = {}): ExactIndex {
    const n = checkMatrix(vectors, dim, 'ExactIndex.build: vectors');
    if (n === 0) throw new RangeError('ExactIndex.build: vectors is empty (need at least one row)');
    const blockSize = options.blockSize ?? 32768;
    const queryBlock = options.queryBlock ?? 32;
    const metric = checkMetric(options.metric ?? 'cosine', 'ExactIndex.build');
    for (const [name, v] of [['blockSize', blockSize], ['queryBlock', queryBlock]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`ExactIndex.build: ${name} must be a positive integer, got ${v}`);
    }
    const blocks: tf.Tensor2D[] = [];
    const t = new Float32Array(dim * Math.min(blockSize, n));
    try {
      for (let start = 0; start < n; start += blockSize) {
        const len = Math.min(blockSize, n - start);
        // normalise this block's rows (cosine), then write them transposed: t[j * len + i] = x̂[start + i][j]
        const raw = vectors.subarray(start * dim, (start + len) * dim);
        const rows = metric === 'cosine' ? normalizeRows(raw, dim) : raw;
        for (let i = 0; i < len; i++) for (let j = 0; j < dim; j++) t[j * len + i] = rows[i * dim + j];
        blocks.push(tf.tensor2d(t.subarray(0, dim * len), [dim, len], 'float32'));
      }
    } catch (e) {
      tf.dispose(blocks);
      throw e;
    }
    return new ExactIndex(dim, n, { blockSize, queryBlock, metric }, blocks);
  }

  /**
   * The `k` most similar rows for each query (cosine, or dot product with `metric: 'dot'`), best
   * first (ties by lower id).
   * @param queries float32 row-major `[numQueries, dim]`; zero rows score 0 against everything
   * @param k results per query, in [1, size]
   * @throws RangeError on a dimension mismatch, a non-finite query value, or k outside [1, size]
   */
  search(queries: Float32Array, k: number): VectorSearchResult {
    if (this.blocks.length === 0) throw new Error('ExactIndex.search: the index was disposed');
    const nq = checkMatrix(queries, this.dim, `ExactIndex.search: queries (index dim ${this.dim})`);
    checkK(k, this.size, 'ExactIndex.search');
    const ids = new Int32Array(nq * k);
    const scores = new Float32Array(nq * k);
    const qn = this.metric === 'cosine' ? normalizeRows(queries, this.dim) : queries;
    const heaps: TopKHeap[] = [];
    for (let q0 = 0; q0 < nq; q0 += this.queryBlock) {
      const b = Math.min(this.queryBlock, nq - q0);
      while (heaps.length < b) heaps.push(new TopKHeap(k));
      this.scoreBlocks(qn.subarray(q0 * this.dim, (q0 + b) * this.dim), b, (s, len, base) => {
        for (let r = 0; r < b; r++) heaps[r].pushRow(s, r * len, len, base);
      });
      for (let r = 0; r < b; r++) heaps[r].drainInto(ids, scores, (q0 + r) * k);
    }
    return { queries: nq, k, ids, scores };
  }

  /**
   * The score of every row for each query (what {@link ExactIndex.search} ranks): one product per
   * item block over all queries at once.
   * @param queries float32 row-major `[numQueries, dim]`
   * @returns float32 row-major `[numQueries, size]`
   * @throws RangeError on a dimension mismatch or a non-finite query value
   */
  scoreAll(queries: Float32Array): Float32Array {
    if (this.blocks.length === 0) throw new Error('ExactIndex.scoreAll: the index was disposed');
    const nq = checkMatrix(queries, this.dim, `ExactIndex.scoreAll: queries (index dim ${this.dim})`);
    const qn = this.metric === 'cosine' ? normalizeRows(queries, this.dim) : queries;
    let out: Float32Array | null = null;
    this.scoreBlocks(qn, nq, (s, len, base) => {
      if (len === this.size) out = s; // one block: [nq, size] already
      else {
        out ??= new Float32Array(nq * this.size);
        for (let r = 0; r < nq; r++) out.set(s.subarray(r * len, (r + 1) * len), r * this.size + base);
      }
    });
    return out!;
  }

  /**
   * Multiplies `nq` (normalised) queries by each item block and hands each `[nq, len]` score block to
   * `visit` with its first row id `base`.
   */
  private scoreBlocks(queries: Float32Array, nq: number, visit: (scores: Float32Array, len: number, base: number) => void): void {
    const qt = tf.tensor2d(queries, [nq, this.dim], 'float32');
    try {
      let base = 0;
      for (const block of this.blocks) {
        const len = block.shape[1];
        const st = tf.matMul(qt, block);
        const s = st.dataSync() as Float32Array;
        st.dispose();
        visit(s, len, base);
        base += len;
      }
    } finally {
      qt.dispose();
    }
  }

  /** Frees the block tensors; later searches throw. */
  dispose(): void {
    tf.dispose(this.blocks);
    this.blocks = [];
  }
}
