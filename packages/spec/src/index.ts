/**
 * @packageDocumentation
 * The CLRec plugin specification: every interface a plugin implements (losses, negative queues,
 * encoders, optimizers, the intention router, metrics, compute backends, vector indexes, the
 * two-tower model, training callbacks), each versioned by `specificationVersion: 'v1'`, plus the few
 * tfjs-free pieces every package shares: the seeded RNG, top-K selection and recall against an exact
 * search. Zero runtime dependencies; tfjs appears only in types (`import type`), so metrics,
 * retrieval and tooling load this package without loading TensorFlow.js.
 */
export type { SpecificationVersion } from './specification-version';
export type { NamedVariable } from './named-variable';
export type { SparseRows } from './sparse-rows';
export type { OptimizerState } from './optimizer-state';
export type { Optimizer } from './optimizer';
export type { SequenceBatch } from './sequence-batch';
export type { ItemEncoder } from './item-encoder';
export type { UserEncoder } from './user-encoder';
export type { LossInput } from './loss-input';
export type { LossRequirements } from './loss-requirements';
export type { Loss } from './loss';
export type { QueueContext } from './queue-context';
export type { StepKeys } from './step-keys';
export type { QueueState } from './queue-state';
export type { NegativeQueueKind } from './negative-queue-kind';
export type { NegativeQueue } from './negative-queue';
export type { IntentRouter } from './intent-router';
export type { Metric } from './metric';
export type { BackendName } from './backend-name';
export type { Backend } from './backend';
export type { VectorSearchResult } from './vector-search-result';
export type { VectorIndex } from './vector-index';
export type { VectorIndexFactory } from './vector-index-factory';
export type { TwoTowerModel } from './two-tower-model';
export type { TrainingControl } from './training-control';
export type { StepEndEvent } from './step-end-event';
export type { EpochEndEvent } from './epoch-end-event';
export type { TrainEndEvent } from './train-end-event';
export type { TrainingCallback } from './training-callback';
export { Rng } from './rng';
export type { RngState } from './rng';
export { deriveSeed } from './derive-seed';
export { TopKHeap } from './top-k-heap';
export { topK } from './top-k';
export { recallAgainstExact } from './recall-against-exact';
export { KERNEL_NAMES } from './kernel-names';
