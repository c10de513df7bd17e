import { AliasSampler, normalArray, Rng } from '@clrec/core';
import { type CategoricalFeature, packTimeBuckets, type RichLabelContent } from '@clrec/encoders';
import type { Setting, WorkloadShape } from './workload-config';

/** The synthetic catalog of one setting: Zipf(1) popularity, categorical features, content vectors. */
export interface SyntheticCatalog {
  /** Zipf(1) popularity over item ids 1..V (p(i) ∝ 1/i; id 0 = padding, never drawn). */
  popularity: AliasSampler;
  /** Categorical features (empty for the `plain` setting), uniform random values per item. */
  features: CategoricalFeature[];
  /** N(0, 1) content vectors (only for `rich-label`). */
  richLabel?: RichLabelContent;
}

/** One step's host-side inputs: histories of packed (item, time bucket) ids and next-click targets. */
export interface SyntheticBatch {
  /** Chronological histories; slot ids are `item * timeBuckets + bucket` (see `packTimeBuckets`). */
  histories: Int32Array[];
  /** Positive item per history. */
  positives: Int32Array;
}

/** Zipf(s) weights over ids 1..n (index 0 = padding, weight 0). */
export function zipfWeights(n: number, exponent = 1): Float64Array {
  const w = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++) w[i] = 1 / Math.pow(i, exponent);
  return w;
}

/**
 * Draws the catalog of a setting with a fixed seed: feature values uniform on each vocabulary (as in
 * `peer_torch.py`), N(0, 1) content for `rich-label`. Deterministic for (shape, setting).
 */
export function makeCatalog(shape: WorkloadShape, setting: Setting): SyntheticCatalog {
  const rng = new Rng(shape.seed);
  const n = shape.catalog;
  const popularity = new AliasSampler(zipfWeights(n));
  const features: CategoricalFeature[] = setting === 'plain'
    ? []
    : shape.featureVocabs.map((vocab, k) => ({
      name: `f${k}`, vocab, values: Int32Array.from({ length: n + 1 }, () => rng.int(vocab)),
    }));
  const richLabel = setting === 'rich-label'
    ? { content: normalArray(rng, (n + 1) * shape.contentDim, 1), contentDim: shape.contentDim }
    : undefined;
  return { popularity, features, richLabel };
}

/**
 * Draws `count` batches like `peer_torch.py`'s `batch()`: B histories of Zipf items with lengths uniform on
 * minLen..seqLen and uniform time buckets, and B Zipf positives. Generated up front, outside any
 * measured region.
 */
export function makeBatches(shape: WorkloadShape, popularity: AliasSampler, count: number, seed = shape.seed + 1): SyntheticBatch[] {
  const rng = new Rng(seed);
  const { batch: B, seqLen: T, minLen, timeBuckets } = shape;
  const out: SyntheticBatch[] = [];
  for (let s = 0; s < count; s++) {
    const histories: Int32Array[] = [];
    for (let r = 0; r < B; r++) {
      const len = minLen + rng.int(T - minLen + 1);
      const items = popularity.sample(rng, len);
      const buckets = Int32Array.from({ length: len }, () => rng.int(timeBuckets));
      histories.push(packTimeBuckets(items, buckets, timeBuckets));
    }
    out.push({ histories, positives: popularity.sample(rng, B) });
  }
  return out;
}
