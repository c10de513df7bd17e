import type { NamedVariable, Rng } from '@clrec/core';
import { ItemIdEmbedding, MultiAttWhaEncoder } from '@clrec/encoders';
import type { TrainConfig } from './config';

/** The trained model: item encoder g, user encoder f, and the union of their parameters. */
export interface Model {
  item: ItemIdEmbedding;
  user: MultiAttWhaEncoder;
  params: NamedVariable[];
  dispose(): void;
}

/** Builds encoders from a config. Weights are drawn from `rng` in a fixed order (reproducible). */
export function buildModel(config: TrainConfig, numItems: number, rng: Rng): Model {
  if (config.userEncoder !== 'multiatt-wha') throw new Error(`unknown userEncoder "${config.userEncoder}"; valid: multiatt-wha`);
  const item = new ItemIdEmbedding({ numItems, dim: config.dim, rng });
  const user = new MultiAttWhaEncoder({
    itemEncoder: item, heads: config.heads, hidden: config.hidden, maxLen: config.maxLen, positional: config.positional, rng,
  });
  const params = [...item.variables(), ...user.variables()];
  return { item, user, params, dispose: () => params.forEach((p) => p.variable.dispose()) };
}
