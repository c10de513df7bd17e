import type { VectorIndex, VectorIndexFactory, VectorSearchResult } from '@clrec/spec';
import { checkMatrix, checkMetric, normalizeRows, type SimilarityMetric } from './vectors';

/**
 * Top-K by similarity plus a per-item additive bias: score(x, y) = s(x, y) + b_y, with s the cosine
 * (or dot product) of the user and item vectors. Why: a serving-time prior such as CLRec's popularity
 * prior α·τ·log q(y) must be ranked exactly, by an exact or an approximate index alike.
 *
 * How: the usual inner-product augmentation. Item rows become `[ĝ_y, b_y]` (ĝ = g / ‖g‖ for cosine,
 * g for dot) and queries `[f̂(x), 1]`, so their dot product is s(x, y) + b_y; the inner index is built
 * with metric `dot` over `dim + 1` columns. Returned scores are s + b.
 */
export class ItemBiasIndex implements VectorIndex {
  /** Plugin specification version this index implements. */
  readonly specificationVersion = 'v1' as const;
  /** Registry name: the inner index's, e.g. `exact+bias`. */
  readonly name: string;
  /** Vector width d of the queries (the inner index holds d + 1). */
  readonly dim: number;

  /** Every row's s + b for each query, when the inner index is exact (has `scoreAll`). */
  readonly scoreAll?: (queries: Float32Array) => Float32Array;

  private constructor(private readonly inner: VectorIndex, dim: number, private readonly metric: SimilarityMetric) {
    this.dim = dim;
    this.name = `${inner.name}+bias`;
    const all = inner.scoreAll?.bind(inner);
    if (all) this.scoreAll = (queries) => all(this.augment(queries, 'ItemBiasIndex.scoreAll'));
  }

  /**
   * @param vectors item vectors, float32 row-major `[n, dim]`; row r gets id r
   * @param bias per-row offset b_r on the score scale, `[n]`
   * @param options `metric` of s (default cosine); `factory` builds the inner index (any `VectorIndexFactory`, a user's own included) and must score by dot product
   * @throws RangeError on a bias of the wrong length or a non-finite value, or a bad matrix
   */
  static async build(
    vectors: Float32Array, dim: number, bias: Float32Array,
    options: { factory: VectorIndexFactory; metric?: SimilarityMetric },
  ): Promise<ItemBiasIndex> {
    const n = checkMatrix(vectors, dim, 'ItemBiasIndex.build: vectors');
    const metric = checkMetric(options.metric ?? 'cosine', 'ItemBiasIndex.build');
    checkMatrix(bias, 1, 'ItemBiasIndex.build: bias');
    if (bias.length !== n) throw new RangeError(`ItemBiasIndex.build: bias has ${bias.length} entries but there are ${n} vectors`);
    const rows = metric === 'cosine' ? normalizeRows(vectors, dim) : vectors;
    return new ItemBiasIndex(await options.factory.build(withLastColumn(rows, dim, (r) => bias[r]), dim + 1), dim, metric);
  }

  /** Number of indexed rows n. */
  get size(): number {
    return this.inner.size;
  }

  /** The `k` rows with the largest s(query, row) + b_row for each query `[nq, dim]`, best first. */
  search(queries: Float32Array, k: number): VectorSearchResult {
    return this.inner.search(this.augment(queries, 'ItemBiasIndex.search'), k);
  }

  /** Queries `[nq, dim]` → `[f̂(x), 1]` rows for the inner index. */
  private augment(queries: Float32Array, where: string): Float32Array {
    checkMatrix(queries, this.dim, `${where}: queries (index dim ${this.dim})`);
    const q = this.metric === 'cosine' ? normalizeRows(queries, this.dim) : queries;
    return withLastColumn(q, this.dim, () => 1);
  }

  /** Frees the inner index. */
  dispose(): void {
    this.inner.dispose();
  }
}

/** `[n, dim]` rows → `[n, dim + 1]` rows whose last column is `last(r)`. */
function withLastColumn(rows: Float32Array, dim: number, last: (r: number) => number): Float32Array {
  const n = rows.length / dim;
  const out = new Float32Array(n * (dim + 1));
  for (let r = 0; r < n; r++) {
    out.set(rows.subarray(r * dim, (r + 1) * dim), r * (dim + 1));
    out[r * (dim + 1) + dim] = last(r);
  }
  return out;
}
