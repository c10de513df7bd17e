/** Seeded uniform floats in [-1, 1), row-major `[n, dim]` (mulberry32; tests and examples only). */
export function randomVectors(n: number, dim: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n * dim);
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Brute-force cosine scores of every row against one query, in float64 (the reference in tests). */
export function cosineReference(vectors: Float32Array, dim: number, query: ArrayLike<number>): Float64Array {
  const n = vectors.length / dim;
  const out = new Float64Array(n);
  let qq = 0;
  for (let j = 0; j < dim; j++) qq += query[j] * query[j];
  for (let i = 0; i < n; i++) {
    let dot = 0;
    let xx = 0;
    for (let j = 0; j < dim; j++) {
      dot += vectors[i * dim + j] * query[j];
      xx += vectors[i * dim + j] ** 2;
    }
    out[i] = dot / Math.sqrt(Math.max(xx, 1e-12) * Math.max(qq, 1e-12));
  }
  return out;
}
