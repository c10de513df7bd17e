/**
 * @packageDocumentation
 * The `clrec` trainer: programmatic access to what the CLI does (config handling, training,
 * checkpoints, full-ranking evaluation).
 */
export { train } from './train';
export type { TrainOptions } from './train';
export { applyConfig, readConfigFile, ConfigError, DEFAULT_CONFIG, CONFIG_HELP } from './config';
export type { TrainConfig } from './config';
export { saveCheckpoint, loadCheckpoint, restoreParams, checkpointAdamState } from './checkpoint';
export type { CheckpointManifest, LoadedCheckpoint, TrainingState, DatasetFingerprint } from './checkpoint';
export { evaluateFullRanking, sampleExamples } from './evaluate';
export type { EvalOptions } from './evaluate';
export { buildModel } from './model';
export type { Model } from './model';
export { trainStep } from './train-step';
export type { StepBatch } from './train-step';
export { buildProgram } from './cli-program';
export { evalCommand } from './eval-command';
export type { RunResults } from './outputs';
export { LOSSES, QUEUES, resolveObjective, resolvePlugin, proposalSampler } from './registry';
export type { QueueDeps } from './registry';
