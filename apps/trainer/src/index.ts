/**
 * @packageDocumentation
 * The `clrec` trainer: programmatic access to what the CLI does (config handling, training,
 * checkpoints, full-ranking evaluation).
 */
export { train } from './train';
export type { TrainOptions } from './train';
export { applyConfig, readConfigFile, ConfigError, DEFAULT_CONFIG, CONFIG_HELP, ENCODER_DEFAULTS, withEncoderDefaults } from './config';
export type { TrainConfig } from './config';
export { saveCheckpoint, loadCheckpoint, restoreParams, checkpointAdamState } from './checkpoint';
export type { CheckpointManifest, LoadedCheckpoint, TrainingState, DatasetFingerprint } from './checkpoint';
export { evaluateFullRanking, evaluateProtocols, sampleExamples } from './evaluate';
export type { EvalOptions, ProtocolEvalOptions, ProtocolEvalResult } from './evaluate';
export { prepareEvaluation, evaluateSplit, byProtocol } from './evaluate-plan';
export type { EvalPlan, SplitPlan, ProtocolInfo, SampledProtocolInfo } from './evaluate-plan';
export { prepareEvalNegatives, SAMPLED_PROTOCOLS, SAMPLED_PROTOCOL_RULES } from './evaluate-negatives';
export type { NegativesRequest, PreparedNegatives, SampledProtocol } from './evaluate-negatives';
export { evaluateDebias } from './evaluate-debias';
export type { DebiasResults } from './evaluate-debias';
export { formatEvalMarkdown, formatEvalTables } from './outputs';
export { buildModel, buildUserEncoder, USER_ENCODER_BUILDERS, encodeUsers, rankingItemVectors, selectedFeatures } from './model';
export type { ModelItemEncoder, ModelCatalog, UserEncoderContext, HistoryQuery } from './model';
export { sequenceTrainStep, packSequences, chunkSequences, SEQUENCE_CHUNK_ROWS } from './sequence-step';
export type { PackedSequences, SequenceChunks, SequenceStepOptions } from './sequence-step';
export { makeStepRunner } from './step-runner';
export type { StepRunner, StepRunnerDeps } from './step-runner';
export { ownItemsMaskIndices } from './own-items-mask';
export { prepareData } from './data';
export type { PreparedData } from './data';
export type { Model } from './model';
export { trainStep } from './train-step';
export type { StepBatch, StepAuxiliary } from './train-step';
export { resolveDataChoices, parseCsvColumns } from './data';
export { nextClicksMetrics, heldOutFutures } from './u2u-metrics';
export type { NextClicksMetrics, NextClicksOptions } from './u2u-metrics';
export { U2uAuxiliary, futureClicks } from './u2u-aux';
export type { U2uOptions } from './u2u-aux';
export { MultiClrecAuxiliary, multiClrecAuxiliary, buildAuxiliaries } from './multi-clrec-aux';
export type { AuxLossMeans, RunAuxiliaries } from './multi-clrec-aux';
export { buildMultiClrecEncoder, describeCategories, resolveIntentCategories } from './multi-clrec-model';
export { intentionScores, recommendByIntentions } from './multi-clrec-serve';
export { buildProgram } from './cli-program';
export { evalCommand, evaluateCheckpoint, EVAL_OVERRIDE_KEYS } from './eval-command';
export { popularityPrior } from './popularity-prior';
export type { CheckpointEvaluation } from './eval-command';
export type { RunResults } from './outputs';
export { LOSSES, QUEUES, resolveObjective, resolvePlugin, proposalSampler } from './registry';
export type { QueueDeps } from './registry';
export { startServing, serveCommand, parseServeFlags, SERVE_DEFAULTS } from './serve-command';
export type { ServeOptions, Serving } from './serve-command';
export { startServer } from './serve-http';
export type { ServerOptions, RunningServer } from './serve-http';
export { loadServingModel, resolveCheckpointDir } from './serve-model';
export type { ServingModel } from './serve-model';
export { Recommender } from './serve-recommender';
export type { Recommendation, RecommenderOptions } from './serve-recommender';
export { parseRecommendRequest, HttpError } from './serve-request';
export type { RecommendRequest, RequestLimits } from './serve-request';
