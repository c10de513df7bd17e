/**
 * @packageDocumentation
 * The Node side of `@clrec/training` (everything of the main entry, plus what touches files, processes
 * or sockets): checkpoints and the {@link checkpointCallback}, loading models back
 * ({@link loadModel}), datasets from paths ({@link prepareData}), the recipe runner {@link train} that
 * writes a run directory, evaluation plans with saved sampled negatives, terminal progress, and the
 * HTTP recommendation server.
 */
export * from './index';
export { writeFileAtomic, replaceDirAtomic, resolveDirWithFallback } from './atomic-write';
export { removeStaleTemps } from './stale-temp';
export { loadCheckpoint, restoreParams, saveCheckpoint } from './checkpoint';
export { assertFiniteParams } from './checkpoint-verify';
export { checkpointCallback } from './checkpoint-callback';
export type { CheckpointCallbackOptions } from './checkpoint-callback';
export { loadModel, modelFromCheckpoint } from './load-model';
export { parseCsvColumns, prepareData, resolveDataChoices } from './data';
export type { PreparedData } from './data';
export { train } from './train';
export type { TrainOptions } from './train';
export { formatEvalMarkdown, formatEvalTables, writeOutputs } from './outputs';
export type { RunResults } from './outputs';
export { byProtocol, evaluateSplit, prepareEvaluation } from './evaluate-plan';
export type { EvalPlan, ProtocolInfo, SampledProtocolInfo, SplitPlan } from './evaluate-plan';
export { prepareEvalNegatives, SAMPLED_PROTOCOL_RULES, SAMPLED_PROTOCOLS } from './evaluate-negatives';
export type { NegativesRequest, PreparedNegatives, SampledProtocol } from './evaluate-negatives';
export { evaluateDebias } from './evaluate-debias';
export type { DebiasResults } from './evaluate-debias';
export { EVAL_OVERRIDE_KEYS, evaluateCheckpoint } from './evaluate-checkpoint';
export type { CheckpointEvaluation } from './evaluate-checkpoint';
export { formatDuration, Progress, progressCallback } from './progress';
export { loadServingModel, resolveCheckpointDir } from './serve-model';
export { startServer } from './serve-http';
export type { ConnectionStats, RunningServer, ServerOptions } from './serve-http';
export { checkConnectionLimits, CONNECTION_DEFAULTS, connectionsCheckInterval, MIN_TIMEOUT_MS, resolveConnectionLimits } from './serve-limits';
export type { ConnectionLimits } from './serve-limits';
export { BearerAuth, checkToken, MIN_TOKEN_LENGTH, SERVE_TOKEN_ENV } from './serve-auth';
export { modelFacts, SERVE_DEFAULTS, startServing } from './serving';
export type { ServeOptions, Serving } from './serving';
export { readConfigFile } from './config-file';
