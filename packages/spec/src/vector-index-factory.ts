import type { SpecificationVersion } from './specification-version';
import type { VectorIndex } from './vector-index';

/**
 * Builds a {@link VectorIndex} from item vectors (how a serving command picks `--index exact|hnsw`).
 * `I` narrows what `build` resolves to for factories of one concrete index class.
 */
export interface VectorIndexFactory<I extends VectorIndex = VectorIndex> {
  /** Plugin specification version this factory implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Registry name of the indexes it builds. */
  readonly name: string;
  /**
   * Indexes `vectors`, float32 row-major `[n, dim]`; row r gets id r. Implementations copy what they
   * keep, so the caller may reuse the array. Asynchronous so that an implementation can load its
   * engine (e.g. a native module) on first use.
   */
  build(vectors: Float32Array, dim: number): Promise<I>;
}
