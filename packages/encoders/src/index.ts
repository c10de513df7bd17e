/**
 * @packageDocumentation
 * CLRec encoders: the item encoders g(y) (id embedding; id + categorical features), the history
 * click embedding (positions, time buckets), the user encoders f(x) (MultiAtt + WHA and its head
 * aggregation ablations, mean pooling, SASRec), plus helpers that pack click histories into
 * left-padded batches.
 */
export { ItemIdEmbedding } from './item-id-embedding';
export type { ItemIdEmbeddingOptions } from './item-id-embedding';
export { MultiAttWhaEncoder, HEAD_AGGREGATIONS } from './multi-att-wha';
export type { MultiAttWhaOptions, HeadAggregation } from './multi-att-wha';
export { HistoryEmbedding } from './history-embedding';
export type { HistoryEmbeddingOptions, PositionalMode } from './history-embedding';
export { MeanPoolEncoder } from './mean-pool-encoder';
export type { MeanPoolOptions } from './mean-pool-encoder';
export { SasRecEncoder } from './sasrec-encoder';
export type { SasRecOptions, SequenceEncodeOptions } from './sasrec-encoder';
export { Dense, LayerNorm, seededDropout } from './layer-ops';
export { packHistories, toSequenceBatch } from './sequence-batch';
export type { HostSequenceBatch, TimedSequenceBatch, HistoryTimes } from './sequence-batch';
export { timeBucket, DEFAULT_TIME_BUCKETS, TIME_BUCKET_UNIT_SECONDS } from './time-buckets';
export { FeatureItemEncoder } from './feature-item-encoder';
export type { FeatureItemEncoderOptions } from './feature-item-encoder';
export type { CategoricalFeature, RichLabelContent } from './catalog-tensors';
export { TimeBucketItemEncoder, packTimeBuckets } from './time-bucket-item-encoder';
export type { TimeBucketItemEncoderOptions } from './time-bucket-item-encoder';
