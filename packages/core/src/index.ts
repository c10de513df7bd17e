/**
 * @packageDocumentation
 * CLRec core: re-exports the plugin specification of `@clrec/spec` (Loss, NegativeQueue,
 * ItemEncoder/UserEncoder, Metric, Backend, VectorIndex, the seeded RNG, ...) and implements the
 * numerics on TensorFlow.js: cosine similarity, the contrastive and sampling losses, initialisers,
 * checkpointable Adam / LazyAdam / LazyAdagrad with sparse embedding gradients.
 */
// The plugin specification (interfaces, Rng, topK, recallAgainstExact), re-exported so that
// `import type { Loss } from '@clrec/core'` keeps working; `@clrec/spec` is the source.
export * from '@clrec/spec';
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
