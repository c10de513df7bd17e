import { ExactIndex, type ExactIndexOptions } from './exact-index';
import { HnswIndex, type HnswIndexOptions } from './hnsw-index';

/** Names of the built-in indexes, for `--index` flags. */
export const INDEX_NAMES = ['exact', 'hnsw'] as const;

/** A built-in index name. */
export type IndexName = (typeof INDEX_NAMES)[number];

/** What a factory builds: an {@link ExactIndex} or an {@link HnswIndex} (both satisfy core's `VectorIndex`). */
export type RetrievalIndex = ExactIndex | HnswIndex;

/**
 * A factory building one kind of index from item vectors; the shape of `VectorIndexFactory` in
 * `@clrec/core`, so a server can take a factory by name or a user's own.
 */
export interface IndexFactory {
  /** Registry name. */
  readonly name: IndexName;
  /** Indexes float32 row-major `[n, dim]` vectors; row r gets id r. */
  build(vectors: Float32Array, dim: number): Promise<RetrievalIndex>;
}

/** Factory of exact blocked-scan indexes with the given options. */
export function exactIndexFactory(options: ExactIndexOptions = {}): IndexFactory {
  return { name: 'exact', build: async (vectors, dim) => ExactIndex.build(vectors, dim, options) };
}

/** Factory of HNSW indexes with the given options. */
export function hnswIndexFactory(options: HnswIndexOptions = {}): IndexFactory {
  return { name: 'hnsw', build: (vectors, dim) => HnswIndex.build(vectors, dim, options) };
}

/**
 * The factory for a built-in index name.
 * @throws Error naming the valid names when `name` is unknown
 */
export function indexFactory(name: string, options: { exact?: ExactIndexOptions; hnsw?: HnswIndexOptions } = {}): IndexFactory {
  if (name === 'exact') return exactIndexFactory(options.exact);
  if (name === 'hnsw') return hnswIndexFactory(options.hnsw);
  throw new Error(`unknown index "${name}"; valid: ${INDEX_NAMES.join(', ')}`);
}
