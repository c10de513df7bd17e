import type { NamedVariable } from './named-variable';
import type { NegativeQueueKind } from './negative-queue-kind';
import type { QueueContext } from './queue-context';
import type { QueueState } from './queue-state';
import type { SpecificationVersion } from './specification-version';
import type { StepKeys } from './step-keys';

/**
 * Negative-source plugin: where a step's negatives come from — a queue of earlier positives (in-batch,
 * inter-batch, cached, MoCo) or a sampler (sampled softmax, negative sampling) or the full catalog.
 * A step calls `prepare` outside the gradient scope (e.g. to encode keys with a momentum encoder, or
 * to enqueue the batch), `keys` inside it (encodings made there carry gradients), then `commit` after
 * the optimizer update (e.g. to cache this batch's key vectors or apply the momentum update).
 * Queue sizes are independent of the batch size; while filling, a queue uses what it holds.
 */
export interface NegativeQueue {
  /** Plugin specification version this source implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Registry name, e.g. `inter`. */
  readonly name: string;
  /** How the negatives are produced: FIFO of earlier positives, sampler, or whole catalog. */
  readonly kind: NegativeQueueKind;
  /** Keys per step once full (present batch included), or the number of sampled negatives. */
  readonly capacity: number;
  /** Entries currently held (queues), 0 for stateless sources. */
  readonly size: number;
  /** Before the step, outside the gradient scope. */
  prepare(positiveIds: Int32Array, ctx: QueueContext): void;
  /** Inside the gradient scope: the step's keys. Called once per step, after `prepare`. */
  keys(positiveIds: Int32Array, ctx: QueueContext): StepKeys;
  /** After the optimizer update. */
  commit(ctx: QueueContext): void;
  /** Non-trainable variables to checkpoint (e.g. a momentum key encoder), else empty. */
  variables(): NamedVariable[];
  /** JSON-serializable state for checkpoints. */
  state(): QueueState;
  /** Restores a state produced by {@link NegativeQueue.state}. */
  restore(state: QueueState): void;
  /** Frees tensors held by the queue. */
  dispose(): void;
}
