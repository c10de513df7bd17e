import type { NamedVariable, NegativeQueueKind, QueueContext, QueueState } from '@clrec/core';

/**
 * Base of the negative sources that keep nothing between steps (in-batch, samplers, full catalog):
 * no variables, an empty checkpoint state, nothing to commit or free. Subclasses implement
 * `prepare` and `keys` of {@link NegativeQueue}.
 */
export abstract class StatelessQueue {
  /** Plugin specification version these sources implement. */
  readonly specificationVersion = 'v1' as const;
  /** Registry name. */
  abstract readonly name: string;
  /** How the negatives are produced: `fifo` (in-batch), `sampler` or `catalog`. */
  abstract readonly kind: NegativeQueueKind;
  /** Keys or negatives per step. */
  abstract readonly capacity: number;
  /** Stateless sources hold nothing. */
  readonly size = 0;

  /** Nothing to commit by default. */
  commit(_ctx?: QueueContext): void {}

  /** No variables. */
  variables(): NamedVariable[] {
    return [];
  }

  /** Empty state (a sampler's RNG is checkpointed by the trainer). */
  state(): QueueState {
    return { name: this.name, capacity: this.capacity, items: [] };
  }

  /** Nothing to restore. */
  restore(_state?: QueueState): void {}

  /** Nothing to free. */
  dispose(): void {}
}
