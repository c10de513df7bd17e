import type { VectorIndexFactory } from '@clrec/spec';
import type { ExactIndex, ExactIndexOptions } from './exact-index';
import { exactIndexFactory } from './factories';
import { HnswIndex, type HnswIndexOptions } from './hnsw-index';

/** Names of the built-in indexes, for `--index` flags. */
export const INDEX_NAMES = ['exact', 'hnsw'] as const;

/** A built-in index name. */
export type IndexName = (typeof INDEX_NAMES)[number];

/** Factory of HNSW indexes with the given options (a `VectorIndexFactory`; Node: usearch is a native module). */
export function hnswIndexFactory(options: HnswIndexOptions = {}): VectorIndexFactory<HnswIndex> {
  return { specificationVersion: 'v1', name: 'hnsw', build: (vectors, dim) => HnswIndex.build(vectors, dim, options) };
}

/**
 * The factory for a built-in index name (how `clrec serve --index exact|hnsw` picks one); a server
 * may take any other `VectorIndexFactory` instead.
 * @throws Error naming the valid names when `name` is unknown
 */
export function indexFactory(
  name: string,
  options: { exact?: ExactIndexOptions; hnsw?: HnswIndexOptions } = {},
): VectorIndexFactory<ExactIndex | HnswIndex> {
  if (name === 'exact') return exactIndexFactory(options.exact);
  if (name === 'hnsw') return hnswIndexFactory(options.hnsw);
  throw new Error(`unknown index "${name}"; valid: ${INDEX_NAMES.join(', ')}`);
}
