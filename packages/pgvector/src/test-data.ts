import { Rng } from '@clrec/spec';

/** Seeded clustered vectors (tests only): `centres` random unit directions, each row a centre plus N(0, spread²) per coordinate. */
export function clusteredVectors(n: number, dim: number, centres: number, spread: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const c = Float32Array.from({ length: centres * dim }, () => rng.normal());
  for (let i = 0; i < centres; i++) {
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += c[i * dim + j] ** 2;
    for (let j = 0; j < dim; j++) c[i * dim + j] /= Math.sqrt(sq);
  }
  const out = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const at = rng.int(centres);
    for (let j = 0; j < dim; j++) out[r * dim + j] = c[at * dim + j] + spread * rng.normal();
  }
  return out;
}

/** Seeded uniform vectors in [-1, 1) (tests only). */
export function uniformVectors(n: number, dim: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * dim }, () => rng.float() * 2 - 1);
}
