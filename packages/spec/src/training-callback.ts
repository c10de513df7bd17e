import type { EpochEndEvent } from './epoch-end-event';
import type { SpecificationVersion } from './specification-version';
import type { StepEndEvent } from './step-end-event';
import type { TrainEndEvent } from './train-end-event';

/**
 * Training-loop hook plugin: logging, evaluation, checkpointing, early stopping, all as callbacks a
 * fit loop calls in the order given. Every hook is optional and may be asynchronous (the loop awaits
 * it). `C` is the context the loop passes (its model, optimizer, a `TrainingControl`, ...); a
 * callback that needs nothing of it keeps the default `unknown`.
 */
export interface TrainingCallback<C = unknown> {
  /** Plugin specification version this callback implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Display name, for logs and errors (e.g. `evaluate`, `checkpoint`). */
  name: string;
  /** Before the first step (of this run: also after a resume). */
  onTrainBegin?(ctx: C): void | Promise<void>;
  /** After each optimizer step. */
  onStepEnd?(event: StepEndEvent, ctx: C): void | Promise<void>;
  /** After each epoch; `event.metrics` may be filled by earlier callbacks of the same epoch. */
  onEpochEnd?(event: EpochEndEvent, ctx: C): void | Promise<void>;
  /** Once, when training ends for any reason. */
  onTrainEnd?(event: TrainEndEvent, ctx: C): void | Promise<void>;
}
