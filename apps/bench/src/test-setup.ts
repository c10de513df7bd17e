import { DEFAULT_WORKLOAD, type WorkloadShape } from './workload-config';

/** A tiny workload (same structure as WORKLOAD.md, small shapes) that runs a step in milliseconds (tests only). */
export function tinyWorkload(overrides: Partial<WorkloadShape> = {}): WorkloadShape {
  return {
    ...DEFAULT_WORKLOAD, catalog: 300, dim: 8, seqLen: 6, minLen: 2, heads: 2, batch: 8, queue: 24,
    featureVocabs: [5, 7, 3], timeBuckets: 4, contentDim: 6, contentHidden: 8, ...overrides,
  };
}
