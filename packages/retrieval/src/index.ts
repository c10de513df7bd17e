/**
 * @packageDocumentation
 * Top-K retrieval for serving CLRec: the items whose vectors g(y) are most cosine-similar to a user
 * vector f(x). `ExactIndex` scans the whole catalog in blocks on the active tfjs backend (exact,
 * memory bounded); `ItemBiasIndex` adds a per-item score offset (a serving-time prior) on top of any
 * index. Both implement the `VectorIndex` plugin interface of `@clrec/spec`; `recallAgainstExact`
 * (re-exported from there) measures an approximate index against the exact one. This entry imports
 * no Node built-in and runs in a browser; the approximate HNSW index (`HnswIndex`, on the usearch
 * native module) and `indexFactory` by name are in `@clrec/retrieval/node`.
 */
export { ExactIndex } from './exact-index';
export type { ExactIndexOptions } from './exact-index';
export { ItemBiasIndex } from './item-bias-index';
export { recallAgainstExact } from '@clrec/spec';
export { resultIds, resultScores } from './search-result';
export type { VectorIndex, VectorIndexFactory, VectorSearchResult } from '@clrec/spec';
export { normalizeRows, checkMatrix, checkMetric, NORM_EPSILON } from './vectors';
export type { SimilarityMetric } from './vectors';
export { exactIndexFactory } from './factories';
