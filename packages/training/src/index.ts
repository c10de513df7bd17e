/**
 * @packageDocumentation
 * CLRec training as a library: build a two-tower model from typed per-encoder options
 * ({@link buildModel}), train it with {@link fit} — one {@link trainStep} for every objective, negative
 * queue, user encoder and position mode, with your own `Loss`, `NegativeQueue` and `Optimizer` plugin
 * objects and {@link FitCallback}s (evaluation with early stopping, NaN guard, …) — and evaluate it by
 * full ranking and sampled protocols. Plugin names live in one registry per kind ({@link LOSSES},
 * {@link QUEUES}, {@link USER_ENCODERS}, {@link PROPOSALS}, {@link OPTIMIZERS}). Checkpoints held in
 * memory (e.g. fetched by a page) are checked and loaded with {@link parseCheckpoint},
 * {@link modelFromParsedCheckpoint} and {@link recommenderFromCheckpoint}. This entry touches no
 * file; checkpoint directories, data files, the recipe runner and the HTTP server are in
 * `@clrec/training/node`.
 */
export { PluginRegistry } from './plugin-registry';
export { ConfigError } from './config-error';
export { applyConfig, CONFIG_HELP, DEFAULT_CONFIG, withEncoderDefaults } from './config';
export type { TrainConfig } from './config';
export { PRESETS, resolveRecipe } from './presets';
export type { PresetEntry, RecipeSources } from './presets';
export {
  autoQueueName, compatible, LOSSES, OPTIMIZERS, PROPOSALS, proposalSampler, QUEUES, resolveObjective,
} from './registry';
export type { LossEntry, OptimizerEntry, ProposalEntry, QueueDeps, QueueEntry, QueueKind } from './registry';
export { USER_ENCODERS } from './user-encoders';
export type {
  AnyUserEncoderEntry, MeanPoolOptions, MultiAttWhaOptions, Positional, SasRecOptions, SequenceEncoderOptions, UserEncoderContext, UserEncoderEntry, UserEncoderOptions,
} from './user-encoders';
export { buildModel, buildModelFromConfig, encodeUsers, modelOptionsFromConfig, rankingItemVectors, selectedFeatures } from './model';
export type { HistoryQuery, Model, ModelCatalog, ModelItemEncoder, ModelOptions } from './model';
export { trainStep } from './train-step';
export type { HistoryStepBatch, SequenceStepBatch, StepAuxiliary, StepBatch, StepModel, StepOptions } from './train-step';
export { chunkSequences, packSequences, SEQUENCE_CHUNK_ROWS } from './sequence-packing';
export type { PackedSequences, SequenceChunks } from './sequence-packing';
export { makeStepRunner, trainingExamples } from './step-runner';
export type { StepRunner, StepRunnerDeps } from './step-runner';
export { fit } from './fit';
export type { FitData, FitOptions, FitResult, TrainingState } from './fit';
export { evaluationCallback, nanGuard } from './callbacks';
export type { EpochEndEvent, EvaluationCallbackOptions, FitCallback, FitContext, NanGuardOptions, StepEndEvent, TrainEndEvent, TrainingControl } from './callbacks';
export { evaluateFullRanking, evaluateProtocols, sampleExamples } from './evaluate';
export { buildRankingIndex } from './ranking-index';
export type { RankingIndexOptions } from './ranking-index';
export type { EvalOptions, ProtocolEvalOptions, ProtocolEvalResult } from './evaluate';
export { ownItemsMaskIndices } from './own-items-mask';
export { popularityPrior } from './popularity-prior';
export { buildMultiClrecEncoder, describeCategories, resolveIntentCategories } from './multi-clrec-model';
export type { MultiClrecOptions } from './multi-clrec-model';
export { buildAuxiliaries, MultiClrecAuxiliary, multiClrecAuxiliary } from './multi-clrec-aux';
export type { AuxLossMeans, RunAuxiliaries } from './multi-clrec-aux';
export { intentionSlots, mergeIntentionLists } from './intention-merge';
export { type IntentionMerge, type IntentionServeOptions, intentionScores, recommendByIntentions } from './multi-clrec-serve';
export { futureClicks, U2uAuxiliary } from './u2u-aux';
export type { U2uOptions } from './u2u-aux';
export { heldOutFutures, nextClicksMetrics } from './u2u-metrics';
export type { NextClicksMetrics, NextClicksOptions } from './u2u-metrics';
export { Recommender } from './serve-recommender';
export type { Recommendation, RecommenderOptions } from './serve-recommender';
export { HttpError, parseRecommendRequest } from './serve-request';
export type { RecommendRequest, RequestLimits } from './serve-request';
export { parseCheckpoint } from './checkpoint-parse';
export type { CheckpointFileData, CheckpointInput, ParsedCheckpoint } from './checkpoint-parse';
export type { CheckpointFileEntry, CheckpointManifest, DatasetFingerprint, LoadedCheckpoint, StoredModelOptions } from './checkpoint-types';
export { checkpointNeedsCatalog, modelFromParsedCheckpoint } from './checkpoint-model';
export { checkpointAdamState } from './checkpoint-restore';
export { CHECKPOINT_VERSIONS } from './checkpoint-manifest';
export { recommenderFromCheckpoint } from './checkpoint-recommender';
export type { CheckpointRecommender, CheckpointRecommenderOptions, RecommendBody } from './checkpoint-recommender';
export { servingConfig, servingModelOf } from './serving-model';
export type { ServingModel } from './serving-model';
