/** Floor on the squared norm when normalising (as `NORM_EPSILON` of `@clrec/core`): zero rows stay zero. */
export const NORM_EPSILON = 1e-12;

/**
 * Checks that `vectors` is a float32 row-major `[n, dim]` matrix of finite values and returns n.
 * @param what names the argument in errors, e.g. `ExactIndex.build: vectors`
 * @throws RangeError naming the first offending row and column
 */
export function checkMatrix(vectors: Float32Array, dim: number, what: string): number {
  if (!(vectors instanceof Float32Array)) throw new TypeError(`${what}: expected a Float32Array, got ${Object.prototype.toString.call(vectors)}`);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`${what}: dim must be a positive integer, got ${dim}`);
  if (vectors.length % dim !== 0) {
    throw new RangeError(`${what}: length ${vectors.length} is not a multiple of dim ${dim} (dimension mismatch)`);
  }
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i];
    if (v - v !== 0) throw new RangeError(`${what}: row ${Math.floor(i / dim)}, column ${i % dim} is ${v} (values must be finite)`);
  }
  return vectors.length / dim;
}

/**
 * A copy of `vectors` (row-major `[n, dim]`) with every row scaled to unit l2 norm:
 * x / sqrt(max(‖x‖², ε)), the normalisation CLRec's cosine uses in training. Cosine similarity of
 * two rows is then their dot product.
 */
export function normalizeRows(vectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let off = 0; off < vectors.length; off += dim) {
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += vectors[off + j] * vectors[off + j];
    const inv = 1 / Math.sqrt(Math.max(sq, NORM_EPSILON));
    for (let j = 0; j < dim; j++) out[off + j] = vectors[off + j] * inv;
  }
  return out;
}

/** Throws unless `k` is an integer in [1, n]. */
export function checkK(k: number, n: number, what: string): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${what}: k must be a positive integer, got ${k}`);
  if (k > n) throw new RangeError(`${what}: k = ${k} exceeds the ${n} indexed vectors (k must be in [1, ${n}])`);
}

/** Similarity an index scores by: cosine (l2-normalised rows, CLRec's default) or raw dot product. */
export type SimilarityMetric = 'cosine' | 'dot';

/** Returns `metric` if it is a {@link SimilarityMetric}, else throws naming the valid values. */
export function checkMetric(metric: string, what: string): SimilarityMetric {
  if (metric !== 'cosine' && metric !== 'dot') throw new RangeError(`${what}: unknown metric "${metric}"; valid: cosine, dot`);
  return metric;
}
