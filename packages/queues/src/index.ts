/**
 * @packageDocumentation
 * CLRec negative queues: where a step's negatives come from. In-batch (CLRec-intra), a FIFO queue of
 * raw earlier positives re-encoded each step (CLRec-inter), a FIFO queue of cached key vectors (cached),
 * and a cached queue fed by a momentum key encoder (MoCo).
 */
export { FifoRing } from './fifo-ring';
export { InBatchQueue } from './in-batch-queue';
export { InterBatchQueue } from './inter-batch-queue';
export { CachedQueue } from './cached-queue';
export { MomentumQueue } from './momentum-queue';
export type { MomentumQueueOptions } from './momentum-queue';
export { SampledQueue } from './sampled-queue';
export type { SampledQueueOptions } from './sampled-queue';
export { PerUserSampledQueue } from './per-user-sampled-queue';
export type { PerUserSampledQueueOptions } from './per-user-sampled-queue';
export { FullCatalogQueue } from './full-catalog-queue';
