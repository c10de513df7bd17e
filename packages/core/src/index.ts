/**
 * @packageDocumentation
 * CLRec core: the typed plugin interfaces every other package implements (Loss, NegativeQueue,
 * ItemEncoder/UserEncoder, Metric, Backend, VectorIndex), cosine similarity, the contrastive loss, initialisers,
 * a checkpointable Adam, and the seeded RNG.
 */
export { Rng } from './rng';
export type { RngState } from './rng';
export type {
  NamedVariable,
  Optimizer,
  SequenceBatch,
  ItemEncoder,
  UserEncoder,
  LossInput,
  Loss,
  NegativeQueue,
  QueueContext,
  StepKeys,
  QueueState,
  IntentRouter,
  Metric,
  BackendName,
  Backend,
  VectorSearchResult,
  VectorIndex,
  VectorIndexFactory,
} from './plugins';
export { l2Normalize, cosineLogits, NORM_EPSILON } from './similarity';
export { infoNceLoss } from './infonce';
export type { InfoNceOptions } from './infonce';
export { normalArray, glorotNormalVariable, normalVariable, zerosVariable } from './init';
export { Adam, lossAndGrads } from './adam';
export type { AdamOptions, AdamState } from './adam';
export { LazyAdam } from './lazy-adam';
export type { LazyAdamOptions } from './lazy-adam';
export { LazyAdagrad } from './lazy-adagrad';
export type { LazyAdagradOptions } from './lazy-adagrad';
export { embeddingLookup } from './sparse-lookup';
export { lossAndSparseGrads } from './sparse-grads';
export type { SparseLossAndGrads, SparseGradOptions } from './sparse-grads';
export { RowGradientAccumulator } from './sparse-rows';
export type { SparseRows } from './sparse-rows';
export { updateTableRows } from './sparse-table-rows';
export { onMaskedRows } from './sparse-masked-rows';
export { rowKernels, setRowKernels, ROW_KERNELS_KEY } from './sparse-row-kernels';
export type { RowKernels } from './sparse-row-kernels';
export { softmaxCrossEntropy } from './softmax-cross-entropy';
export { fullSoftmaxLoss } from './full-softmax';
export type { FullSoftmaxOptions } from './full-softmax';
export { sampledSoftmaxLoss } from './sampled-softmax';
export type { SampledSoftmaxOptions } from './sampled-softmax';
export { negativeSamplingLoss } from './negative-sampling';
export type { NegativeSamplingOptions } from './negative-sampling';
export { sharedNegativeSamplingLoss } from './shared-negative-sampling';
export type { SharedNegativeSamplingOptions } from './shared-negative-sampling';
export { ipwLoss } from './ipw-loss';
export type { IpwOptions } from './ipw-loss';
export { inversePropensityWeights } from './propensity-weights';
export type { InversePropensityOptions } from './propensity-weights';
export { accidentalHitMask, accidentalHitMaskPerUser, MASKED_LOGIT } from './accidental-hits';
export { AliasSampler } from './alias-sampler';
export { popularitySampler, degreeSampler, logUniformSampler } from './candidate-samplers';
