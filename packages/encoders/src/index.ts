/**
 * @packageDocumentation
 * CLRec encoders: the item id embedding g(y) and the MultiAtt + WHA user encoder f(x), plus helpers
 * that pack click histories into left-padded batches.
 */
export { ItemIdEmbedding } from './item-id-embedding';
export type { ItemIdEmbeddingOptions } from './item-id-embedding';
export { MultiAttWhaEncoder } from './multi-att-wha';
export type { MultiAttWhaOptions, PositionalMode } from './multi-att-wha';
export { packHistories, toSequenceBatch } from './sequence-batch';
export type { HostSequenceBatch } from './sequence-batch';
export { FeatureItemEncoder } from './feature-item-encoder';
export type { FeatureItemEncoderOptions } from './feature-item-encoder';
export type { CategoricalFeature, RichLabelContent } from './catalog-tensors';
export { TimeBucketItemEncoder, packTimeBuckets } from './time-bucket-item-encoder';
export type { TimeBucketItemEncoderOptions } from './time-bucket-item-encoder';
