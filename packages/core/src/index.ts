/**
 * @packageDocumentation
 * CLRec core: the typed plugin interfaces every other package implements (Loss, NegativeQueue,
 * ItemEncoder/UserEncoder, Metric, Backend), cosine similarity, the contrastive loss, initialisers,
 * a checkpointable Adam, and the seeded RNG.
 */
export { Rng } from './rng';
export type { RngState } from './rng';
export type {
  NamedVariable,
  SequenceBatch,
  ItemEncoder,
  UserEncoder,
  LossInput,
  Loss,
  NegativeQueue,
  QueueState,
  Metric,
  BackendName,
  Backend,
} from './plugins';
export { l2Normalize, cosineLogits, NORM_EPSILON } from './similarity';
export { infoNceLoss } from './infonce';
export type { InfoNceOptions } from './infonce';
export { normalArray, glorotNormalVariable, normalVariable, zerosVariable } from './init';
export { Adam, lossAndGrads } from './adam';
export type { AdamOptions, AdamState } from './adam';
