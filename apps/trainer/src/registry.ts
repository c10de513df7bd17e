import {
  type AliasSampler, degreeSampler, fullSoftmaxLoss, infoNceLoss, ipwLoss, logUniformSampler, type Loss, negativeSamplingLoss,
  type NegativeQueue, popularitySampler, sampledSoftmaxLoss, sharedNegativeSamplingLoss,
} from '@clrec/core';
import {
  CachedQueue, FullCatalogQueue, InBatchQueue, InterBatchQueue, MomentumQueue, PerUserSampledQueue, SampledQueue,
} from '@clrec/queues';
import { MultiIntentEncoder, MultiIntentQueue } from '@clrec/routing';
import { ConfigError, type TrainConfig } from './config';
import type { Model } from './model';

/**
 * Built-in objectives the CLI resolves by name from a config. Library users pass their own `Loss`
 * objects to the trainer instead; these maps exist only so `--loss` / `--queue` names can be looked up.
 */
export const LOSSES: Record<string, (c: TrainConfig) => Loss> = {
  infonce: (c) => infoNceLoss({ temperature: c.temperature, similarity: c.similarity }),
  'full-softmax': (c) => fullSoftmaxLoss({ temperature: c.temperature }),
  'sampled-softmax': (c) => sampledSoftmaxLoss({ temperature: c.temperature }),
  'negative-sampling': (c) => negativeSamplingLoss({ temperature: c.temperature }),
  'shared-negative-sampling': (c) => sharedNegativeSamplingLoss({ temperature: c.temperature }),
  ipw: (c) => ipwLoss({ temperature: c.temperature, base: 'full' }),
};

/** What a queue factory may use: the config, the model, and the training click count of each item id. */
export interface QueueDeps {
  config: TrainConfig;
  model: Model;
  itemCounts: Float64Array;
}

/** Built-in negative sources by name (see {@link LOSSES}). */
export const QUEUES: Record<string, (d: QueueDeps) => NegativeQueue> = {
  'in-batch': () => new InBatchQueue(),
  inter: ({ config }) => new InterBatchQueue(config.queueSize),
  cached: ({ config }) => new CachedQueue(config.queueSize),
  moco: ({ config, model }) => new MomentumQueue({ capacity: config.queueSize, momentum: config.momentum, itemEncoder: model.item }),
  sampled: ({ config, itemCounts }) => new SampledQueue({ sampler: proposalSampler(config, itemCounts), numNegatives: config.negatives || config.queueSize }),
  'per-user': ({ config, itemCounts }) => new PerUserSampledQueue({ sampler: proposalSampler(config, itemCounts), negativesPerPositive: config.negatives || 20 }),
  full: ({ model }) => new FullCatalogQueue(model.item.numItems),
  'multi-intent': ({ config, model }) => {
    if (!(model.user instanceof MultiIntentEncoder)) {
      throw new ConfigError(`queue multi-intent routes items with Multi-CLRec's prototypes; use --user-encoder multi-clrec (got ${config.userEncoder})`);
    }
    const secondary = config.intentQueueSize || Math.floor(config.queueSize / 2);
    return new MultiIntentQueue({ mainCapacity: config.queueSize - secondary, secondaryCapacity: secondary, router: model.user });
  },
};

/** The queue each loss uses when `--queue auto`, and the queues it can work with. */
const LOSS_QUEUES: Record<string, { auto: string; allowed: string[] }> = {
  infonce: { auto: 'inter', allowed: ['in-batch', 'inter', 'cached', 'moco', 'sampled', 'full', 'multi-intent'] },
  'full-softmax': { auto: 'full', allowed: ['full'] },
  'sampled-softmax': { auto: 'sampled', allowed: ['sampled'] },
  'negative-sampling': { auto: 'per-user', allowed: ['per-user'] },
  'shared-negative-sampling': { auto: 'sampled', allowed: ['sampled'] },
  ipw: { auto: 'full', allowed: ['full'] },
};

/**
 * Resolves `queue: auto` and `proposal: auto` for the configured loss and checks the pair is
 * compatible (e.g. sampled softmax needs the sampler's logQ); errors list what would work.
 */
export function resolveObjective(config: TrainConfig): TrainConfig {
  const spec = LOSS_QUEUES[config.loss];
  if (!spec) throw new ConfigError(`unknown loss "${config.loss}"; valid: ${Object.keys(LOSS_QUEUES).join(', ')}`);
  if (config.similarity === 'dot' && config.loss !== 'infonce') {
    throw new ConfigError(`similarity "dot" is implemented for loss infonce only (got loss "${config.loss}"); use --similarity cosine`);
  }
  // Multi-CLRec trains InfoNCE against its main + secondary queues (KDD Eq. 13)
  const auto = config.userEncoder === 'multi-clrec' && config.loss === 'infonce' ? 'multi-intent' : spec.auto;
  const queue = config.queue === 'auto' ? auto : config.queue;
  if (!spec.allowed.includes(queue)) {
    throw new ConfigError(`loss "${config.loss}" cannot train with queue "${queue}"; use one of: ${spec.allowed.join(', ')}`);
  }
  const proposal = config.proposal !== 'auto' ? config.proposal : config.loss.includes('negative-sampling') ? 'degree' : 'popularity';
  return { ...config, queue: queue as TrainConfig['queue'], proposal };
}

/** The sampling proposal named by the config, built from training click counts (index = item id). */
export function proposalSampler(config: TrainConfig, counts: Float64Array): AliasSampler {
  switch (config.proposal) {
    case 'degree': return degreeSampler(counts);
    case 'log-uniform': return logUniformSampler(counts);
    case 'uniform': return popularitySampler(counts, 0);
    default: return popularitySampler(counts, 1);
  }
}

/** Looks a name up in a registry; an unknown name is an error that lists the valid ones. */
export function resolvePlugin<T>(registry: Record<string, T>, kind: string, name: string): T {
  const found = registry[name];
  if (!found) throw new Error(`unknown ${kind} "${name}"; valid: ${Object.keys(registry).join(', ')}`);
  return found;
}
