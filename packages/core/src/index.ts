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
