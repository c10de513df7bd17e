/**
 * @packageDocumentation
 * The `clrec-bench` harness: the WORKLOAD.md training-throughput workload (ours vs the PyTorch peer)
 * and a comparison of sampling objectives trained with the `clrec` trainer.
 */
export { DEFAULT_WORKLOAD, SETTINGS, VARIANTS, checkWorkload } from './workload-config';
export type { Setting, Variant, WorkloadShape } from './workload-config';
export { makeCatalog, makeBatches, zipfWeights } from './synthetic-data';
export type { SyntheticBatch, SyntheticCatalog } from './synthetic-data';
export { buildWorkloadModel } from './workload-model';
export type { WorkloadModel } from './workload-model';
export { workloadStep } from './workload-step';
export type { StepOptimizer } from './workload-step';
export { makeVariant } from './workload-variant';
export type { VariantParts } from './workload-variant';
export { runWorkload, prefillQueue } from './workload-run';
export type { WorkloadRunOptions, WorkloadRunResult } from './workload-run';
export { LazyAdam } from './lazy-adam';
export { runEfficiency } from './efficiency';
export type { EfficiencyOptions } from './efficiency';
export { formatEfficiencyTable, formatEfficiencyMarkdown, cachedOverSampled } from './efficiency-report';
export type { EfficiencyCell, EfficiencyReport, SideResult } from './efficiency-report';
export { defaultPython, findPeerScript, torchVersion, peerArgs, parsePeerOutput, runPeer } from './peer';
export type { PeerSetup, PeerResult } from './peer';
export { runSampling } from './sampling';
export type { SamplingOptions } from './sampling';
export { formatSamplingTable, formatSamplingMarkdown } from './sampling-report';
export type { SamplingReport, SamplingRow } from './sampling-report';
export { OBJECTIVES, OBJECTIVE_NAMES } from './objectives';
export type { Objective, ObjectiveName } from './objectives';
export { AggregateDiversity } from './aggregate-diversity';
export { modelDiversity, runDirDiversity } from './model-diversity';
export type { ModelDiversity } from './model-diversity';
export { formatMarkdownTable, formatNumber } from './markdown-table';
export type { Align } from './markdown-table';
export { BenchArgError, parseList, parseIntFlag } from './list-option';
export { parseEfficiencyArgs, parseSamplingArgs, SCENARIOS, BACKENDS } from './cli-args';
export type { EfficiencyArgs, SamplingArgs, CliFlags } from './cli-args';
export { buildProgram } from './cli-program';
export { machineInfo, currentLoad } from './machine';
export type { MachineInfo } from './machine';
export { BenchProgress, formatDuration } from './progress';
export type { ProgressUpdate } from './progress';
export { writeFileAtomic } from './atomic-write';
