import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@clrec/core';

/** A catalog of item vectors and the queries to search it with, row-major float32. */
export interface VectorSet {
  /** Short name for tables, e.g. `clustered`. */
  name: string;
  /** How the vectors were made (recorded in the report). */
  description: string;
  dim: number;
  /** Catalog rows `[n, dim]`. */
  items: Float32Array;
  /** Query rows `[numQueries, dim]`. */
  queries: Float32Array;
}

/** Options of {@link clusteredVectors}. */
export interface ClusteredOptions {
  n: number;
  dim: number;
  numQueries: number;
  /** Number of Gaussian centres (default 2000). */
  centres?: number;
  /** Per-coordinate standard deviation of a point around its unit-norm centre (default 0.1). */
  spread?: number;
  seed: number;
}

/**
 * Mixture of Gaussians, the shape of trained item embeddings (items gather by category): `centres`
 * directions uniform on the unit sphere, each point = a uniformly chosen centre + N(0, spread²) per
 * coordinate. Queries are fresh points from the same mixture. With the defaults (d = 64, spread 0.1)
 * a point's noise has norm ≈ 0.8, so its cosine to its centre is ≈ 0.78.
 */
export function clusteredVectors(o: ClusteredOptions): VectorSet {
  const rng = new Rng(o.seed);
  const numCentres = o.centres ?? 2000;
  const spread = o.spread ?? 0.1;
  const centres = new Float32Array(numCentres * o.dim);
  for (let c = 0; c < numCentres; c++) {
    let sq = 0;
    for (let j = 0; j < o.dim; j++) {
      const v = rng.normal();
      centres[c * o.dim + j] = v;
      sq += v * v;
    }
    const inv = 1 / Math.sqrt(sq);
    for (let j = 0; j < o.dim; j++) centres[c * o.dim + j] *= inv;
  }
  const draw = (rows: number): Float32Array => {
    const out = new Float32Array(rows * o.dim);
    for (let i = 0; i < rows; i++) {
      const c = rng.int(numCentres);
      for (let j = 0; j < o.dim; j++) out[i * o.dim + j] = centres[c * o.dim + j] + spread * rng.normal();
    }
    return out;
  };
  return {
    name: 'clustered', dim: o.dim, items: draw(o.n), queries: draw(o.numQueries),
    description: `${numCentres} Gaussian centres on the unit sphere, per-coordinate sd ${spread}; queries from the same mixture`,
  };
}

/** Uniform vectors in [-1, 1)^d (catalog and queries): no structure, the worst case for a graph index. */
export function uniformVectors(o: { n: number; dim: number; numQueries: number; seed: number }): VectorSet {
  const rng = new Rng(o.seed);
  const draw = (rows: number): Float32Array => {
    const out = new Float32Array(rows * o.dim);
    for (let i = 0; i < out.length; i++) out[i] = rng.float() * 2 - 1;
    return out;
  };
  return { name: 'uniform', dim: o.dim, items: draw(o.n), queries: draw(o.numQueries), description: 'uniform in [-1, 1)^d; queries likewise' };
}

/** Item embeddings written by `clrec train` into its `--out` directory. */
export interface TrainedEmbeddings {
  /** The run directory read. */
  runDir: string;
  dim: number;
  /** Rows for dense ids 1..n, `[n, dim]`. */
  vectors: Float32Array;
  /** Raw item id of each row. */
  ids: string[];
}

/**
 * Reads `<runDir>/item-embeddings.json` and `.bin` (float32 little-endian `[rows, dim]`).
 * @throws Error naming the file and what is wrong (missing, wrong size, wrong dtype)
 */
export function readTrainedEmbeddings(runDir: string): TrainedEmbeddings {
  const metaPath = join(runDir, 'item-embeddings.json');
  let meta: { rows: number; dim: number; dtype: string; file?: string; ids: string[] };
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch (e) {
    throw new Error(`${metaPath}: cannot read the item-embedding manifest written by \`clrec train\` (${(e as Error).message})`);
  }
  if (meta.dtype !== 'float32') throw new Error(`${metaPath}: dtype "${meta.dtype}" is not float32`);
  const binPath = join(runDir, meta.file ?? 'item-embeddings.bin');
  const buf = readFileSync(binPath);
  if (buf.byteLength !== meta.rows * meta.dim * 4) {
    throw new Error(`${binPath}: ${buf.byteLength} bytes, expected rows ${meta.rows} × dim ${meta.dim} × 4 = ${meta.rows * meta.dim * 4}`);
  }
  const vectors = new Float32Array(meta.rows * meta.dim);
  new Uint8Array(vectors.buffer).set(buf);
  return { runDir, dim: meta.dim, vectors, ids: meta.ids };
}

/**
 * A larger catalog with the geometry of trained embeddings: row i is trained row (i mod n) for the
 * first n rows, then a uniformly drawn trained row plus N(0, noise²) per coordinate (rows
 * normalised to unit norm first), so near-duplicates of real items fill the catalog up to `size`.
 */
export function expandEmbeddings(vectors: Float32Array, dim: number, size: number, noise: number, seed: number): Float32Array {
  const n = vectors.length / dim;
  const rng = new Rng(seed);
  const out = new Float32Array(size * dim);
  for (let i = 0; i < size; i++) {
    const src = i < n ? i : rng.int(n);
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += vectors[src * dim + j] ** 2;
    const inv = 1 / Math.sqrt(Math.max(sq, 1e-12));
    for (let j = 0; j < dim; j++) out[i * dim + j] = vectors[src * dim + j] * inv + (i < n ? 0 : noise * rng.normal());
  }
  return out;
}
