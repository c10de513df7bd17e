import type { VectorIndexFactory } from '@clrec/spec';
import { ExactIndex, type ExactIndexOptions } from './exact-index';

/** Factory of exact blocked-scan indexes with the given options (a `VectorIndexFactory`). */
export function exactIndexFactory(options: ExactIndexOptions = {}): VectorIndexFactory<ExactIndex> {
  return { specificationVersion: 'v1', name: 'exact', build: async (vectors, dim) => ExactIndex.build(vectors, dim, options) };
}
