/**
 * @packageDocumentation
 * The Node side of `@clrec/retrieval`: everything of the main entry, plus the approximate HNSW index
 * {@link HnswIndex} (usearch, a native module loaded on first use), its factory and
 * {@link indexFactory}, which builds either built-in index by name (`clrec serve --index`).
 */
export * from './index';
export { HnswIndex } from './hnsw-index';
export type { HnswIndexOptions, HnswBuildProgress } from './hnsw-index';
export { INDEX_NAMES, indexFactory, hnswIndexFactory } from './index-factory';
export type { IndexName } from './index-factory';
