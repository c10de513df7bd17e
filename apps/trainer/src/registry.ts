import { infoNceLoss, type Loss, type NegativeQueue } from '@clrec/core';
import { CachedQueue, InBatchQueue, InterBatchQueue, MomentumQueue } from '@clrec/queues';
import type { TrainConfig } from './config';
import type { Model } from './model';

/**
 * Built-in plugins the CLI resolves by name from a config. Library users pass their own objects to the
 * trainer instead; these maps exist only so `--loss` / `--queue` names can be looked up.
 */
export const LOSSES: Record<string, (c: TrainConfig) => Loss> = {
  infonce: (c) => infoNceLoss({ temperature: c.temperature }),
};

/** Built-in negative queues by name (see {@link LOSSES}); they may depend on the model (MoCo clones its item encoder). */
export const QUEUES: Record<string, (c: TrainConfig, m: Model) => NegativeQueue> = {
  'in-batch': () => new InBatchQueue(),
  inter: (c) => new InterBatchQueue(c.queueSize),
  cached: (c) => new CachedQueue(c.queueSize),
  moco: (c, m) => new MomentumQueue({ capacity: c.queueSize, momentum: c.momentum, itemEncoder: m.item }),
};

/** Looks a name up in a registry; an unknown name is an error that lists the valid ones. */
export function resolvePlugin<T>(registry: Record<string, T>, kind: string, name: string): T {
  const found = registry[name];
  if (!found) throw new Error(`unknown ${kind} "${name}"; valid: ${Object.keys(registry).join(', ')}`);
  return found;
}
