import { PgvectorError } from './errors';

/** Similarity a table is searched by: cosine (`vector_cosine_ops`, rows stored l2-normalised) or raw inner product (`vector_ip_ops`). */
export type PgvectorMetric = 'cosine' | 'dot';

/** Returns `metric` if it is a {@link PgvectorMetric}, else throws naming the valid values. */
export function checkMetric(metric: unknown, what: string): PgvectorMetric {
  if (metric !== 'cosine' && metric !== 'dot') throw new PgvectorError('bad-argument', `${what}: unknown metric "${String(metric)}"; valid: cosine, dot`);
  return metric;
}

/**
 * Checks a float32 row-major `[n, dim]` matrix of finite values and returns n.
 * @throws RangeError naming the first offending row and column (as `@clrec/retrieval`'s indexes do)
 */
export function checkMatrix(vectors: Float32Array, dim: number, what: string): number {
  if (!(vectors instanceof Float32Array)) throw new TypeError(`${what}: expected a Float32Array, got ${Object.prototype.toString.call(vectors)}`);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`${what}: dim must be a positive integer, got ${dim}`);
  if (vectors.length % dim !== 0) throw new RangeError(`${what}: length ${vectors.length} is not a multiple of dim ${dim} (dimension mismatch)`);
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i];
    if (v - v !== 0) throw new RangeError(`${what}: row ${Math.floor(i / dim)}, column ${i % dim} is ${v} (values must be finite)`);
  }
  return vectors.length / dim;
}

/** Throws unless `k` is an integer in [1, n]. */
export function checkK(k: number, n: number, what: string): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${what}: k must be a positive integer, got ${k}`);
  if (k > n) throw new RangeError(`${what}: k = ${k} exceeds the ${n} indexed vectors (k must be in [1, ${n}])`);
}

/**
 * A copy of `[n, dim]` rows scaled to unit l2 norm, x / sqrt(max(‖x‖², 1e-12)) (CLRec's cosine; zero
 * rows stay zero).
 */
export function normalizeRows(vectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let off = 0; off < vectors.length; off += dim) {
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += vectors[off + j] * vectors[off + j];
    const inv = 1 / Math.sqrt(Math.max(sq, 1e-12));
    for (let j = 0; j < dim; j++) out[off + j] = vectors[off + j] * inv;
  }
  return out;
}

/**
 * pgvector's text form of one row, `[x1,x2,…]`, each float32 with 9 significant digits (enough to
 * read back the same float32).
 */
export function vectorLiteral(vectors: Float32Array, row: number, dim: number): string {
  const parts = new Array<string>(dim);
  for (let j = 0; j < dim; j++) {
    const v = vectors[row * dim + j];
    parts[j] = v === 0 ? '0' : String(Number(v.toPrecision(9)));
  }
  return `[${parts.join(',')}]`;
}

/** Parses pgvector's text form `[x1,x2,…]` into float32. */
export function parseVectorLiteral(text: string): Float32Array {
  const body = text.trim().replace(/^\[/, '').replace(/\]$/, '');
  return body === '' ? new Float32Array(0) : Float32Array.from(body.split(','), Number);
}
