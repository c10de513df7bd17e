/**
 * @packageDocumentation
 * Top-K retrieval for serving CLRec: the items whose vectors g(y) are most cosine-similar to a user
 * vector f(x). `ExactIndex` scans the whole catalog in blocks (exact, memory bounded); `HnswIndex`
 * is an approximate HNSW graph (usearch); `ItemBiasIndex` adds a per-item score offset (a serving-time
 * prior) on top of either. All implement the `VectorIndex` plugin interface of `@clrec/spec`;
 * `recallAgainstExact` (re-exported from there) measures an approximate index against the exact one.
 */
export { ExactIndex } from './exact-index';
export type { ExactIndexOptions } from './exact-index';
export { HnswIndex } from './hnsw-index';
export type { HnswIndexOptions, HnswBuildProgress } from './hnsw-index';
export { ItemBiasIndex } from './item-bias-index';
export { recallAgainstExact } from '@clrec/spec';
export { resultIds, resultScores } from './search-result';
export type { VectorIndex, VectorIndexFactory, VectorSearchResult } from '@clrec/spec';
export { normalizeRows, checkMatrix, checkMetric, NORM_EPSILON } from './vectors';
export type { SimilarityMetric } from './vectors';
export { INDEX_NAMES, indexFactory, exactIndexFactory, hnswIndexFactory } from './factories';
export type { IndexName } from './factories';
