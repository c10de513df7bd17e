import type { TrainConfig } from '@clrec/training/node';

/** A training objective of the sampling scenario: the trainer's loss and queue, and a display label. */
export interface Objective {
  loss: TrainConfig['loss'];
  queue: TrainConfig['queue'];
  label: string;
}

/**
 * The objectives `clrec-bench sampling` compares, by name (`--objectives`). Queue `auto` lets the
 * trainer pick the loss's natural negative source (see its `resolveObjective`).
 */
export const OBJECTIVES = {
  'infonce-inter': { loss: 'infonce', queue: 'inter', label: 'CLRec: InfoNCE + inter-batch queue' },
  'infonce-cached': { loss: 'infonce', queue: 'cached', label: 'InfoNCE + cached key queue' },
  'sampled-softmax': { loss: 'sampled-softmax', queue: 'auto', label: 'sampled softmax (logQ), popularity proposal' },
  'negative-sampling': { loss: 'negative-sampling', queue: 'auto', label: 'negative sampling, per-user degree^0.75 draws' },
  'shared-negative-sampling': { loss: 'shared-negative-sampling', queue: 'auto', label: 'negative sampling, shared draws' },
  'full-softmax': { loss: 'full-softmax', queue: 'auto', label: 'full softmax over the catalog' },
  ipw: { loss: 'ipw', queue: 'auto', label: 'IPW-weighted full softmax' },
} as const satisfies Record<string, Objective>;

/** Name of one of {@link OBJECTIVES}. */
export type ObjectiveName = keyof typeof OBJECTIVES;

/** All objective names, in table order. */
export const OBJECTIVE_NAMES = Object.keys(OBJECTIVES) as ObjectiveName[];
