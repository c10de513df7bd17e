import {
  type AliasSampler, degreeSampler, type LossRequirements, fullSoftmaxLoss, infoNceLoss, ipwLoss, LazyAdagrad, LazyAdam, logUniformSampler, type Loss,
  type NamedVariable, negativeSamplingLoss, type NegativeQueue, type Optimizer, popularitySampler, sampledSoftmaxLoss,
  sharedNegativeSamplingLoss,
} from '@clrec/core';
import {
  CachedQueue, FullCatalogQueue, InBatchQueue, InterBatchQueue, MomentumQueue, PerUserSampledQueue, SampledQueue,
} from '@clrec/queues';
import { MultiIntentEncoder, MultiIntentQueue } from '@clrec/routing';
import { ConfigError } from './config-error';
import type { TrainConfig } from './config';
import type { Model } from './model';
import { PluginRegistry } from './plugin-registry';
import { USER_ENCODERS } from './user-encoders';

/** Where a negative source's keys come from (the spec's `NegativeQueue.kind`). */
export type QueueKind = 'fifo' | 'sampler' | 'catalog';

/** A loss as the registry knows it. */
export interface LossEntry {
  readonly description: string;
  /** Builds the loss from a recipe (temperature, similarity, …). */
  create(config: TrainConfig): Loss;
  /** The queue `queue: auto` picks for it. */
  readonly defaultQueue: string;
  /** The queue kinds it can train against (further narrowed by what it `requires` of the keys). */
  readonly queueKinds: readonly QueueKind[];
  /** The sampling proposal `proposal: auto` picks for it (used by sampler queues). */
  readonly defaultProposal: string;
  /** Similarities it implements (all: cosine; InfoNCE also dot product). */
  readonly similarities: readonly ('cosine' | 'dot')[];
  /** A contrastive loss trains against the user encoder's own queue when it has one (Multi-CLRec's). */
  readonly contrastive?: boolean;
}

/** What a queue factory may use: the recipe, the model, and the training click count of each item id. */
export interface QueueDeps {
  config: TrainConfig;
  model: Model;
  itemCounts: Float64Array;
}

/** A negative source as the registry knows it. */
export interface QueueEntry {
  readonly description: string;
  readonly kind: QueueKind;
  /** Inputs its keys carry for the loss: logQ (samplers' proposal), per-user negatives. */
  readonly provides: { logQ?: boolean; userNegatives?: boolean };
  create(deps: QueueDeps): NegativeQueue;
  /** A recipe problem this queue cannot train with (e.g. sizes), as a sentence naming the keys; undefined when fine. */
  validate?(config: TrainConfig): string | undefined;
}

/** A sampling proposal q(y) built from training click counts (index = item id). */
export interface ProposalEntry {
  readonly description: string;
  create(itemCounts: Float64Array): AliasSampler;
}

/** An optimizer over a model's parameters (row-sparse on the tables marked sparse unless `sparseEmbeddings` is off). */
export interface OptimizerEntry {
  readonly description: string;
  create(params: NamedVariable[], config: TrainConfig): Optimizer;
}

/** Built-in objectives by `loss` name; register your own with `LOSSES.register`. */
export const LOSSES = new PluginRegistry<LossEntry>('loss')
  .register('infonce', {
    description: 'CLRec: contrastive loss, no sampling correction', defaultQueue: 'inter', queueKinds: ['fifo', 'sampler', 'catalog'],
    defaultProposal: 'popularity', similarities: ['cosine', 'dot'], contrastive: true,
    create: (c) => infoNceLoss({ temperature: c.temperature, similarity: c.similarity }),
  })
  .register('full-softmax', {
    description: 'exact MLE over the whole catalog', defaultQueue: 'full', queueKinds: ['catalog'], defaultProposal: 'popularity', similarities: ['cosine'],
    create: (c) => fullSoftmaxLoss({ temperature: c.temperature }),
  })
  .register('sampled-softmax', {
    description: 'logQ-corrected sampled softmax', defaultQueue: 'sampled', queueKinds: ['sampler'], defaultProposal: 'popularity', similarities: ['cosine'],
    create: (c) => sampledSoftmaxLoss({ temperature: c.temperature }),
  })
  .register('negative-sampling', {
    description: 'k draws per positive, binary cross-entropy', defaultQueue: 'per-user', queueKinds: ['sampler'], defaultProposal: 'degree', similarities: ['cosine'],
    create: (c) => negativeSamplingLoss({ temperature: c.temperature }),
  })
  .register('shared-negative-sampling', {
    description: 'one set of draws per batch, binary cross-entropy', defaultQueue: 'sampled', queueKinds: ['sampler'], defaultProposal: 'degree', similarities: ['cosine'],
    create: (c) => sharedNegativeSamplingLoss({ temperature: c.temperature }),
  })
  .register('ipw', {
    description: 'inverse-propensity-weighted MLE', defaultQueue: 'full', queueKinds: ['catalog'], defaultProposal: 'popularity', similarities: ['cosine'],
    create: (c) => ipwLoss({ temperature: c.temperature, base: 'full' }),
  });

/** Built-in sampling proposals by `proposal` name. */
export const PROPOSALS = new PluginRegistry<ProposalEntry>('proposal')
  .register('popularity', { description: 'proportional to training clicks', create: (n) => popularitySampler(n, 1) })
  .register('degree', { description: 'clicks^0.75, word2vec style', create: (n) => degreeSampler(n) })
  .register('log-uniform', { description: 'Zipfian by popularity rank', create: (n) => logUniformSampler(n) })
  .register('uniform', { description: 'every item alike', create: (n) => popularitySampler(n, 0) });

/** The sampler of the recipe's (resolved) proposal. */
export function proposalSampler(config: TrainConfig, counts: Float64Array): AliasSampler {
  return PROPOSALS.get(config.proposal === 'auto' ? resolveObjective(config).proposal : config.proposal).create(counts);
}

/** A FIFO queue's size check: it holds the present batch plus earlier positives. */
function holdsBatch(c: TrainConfig): string | undefined {
  return c.batchSize > c.queueSize ? `queueSize (${c.queueSize}) must be >= batchSize (${c.batchSize}): the queue holds the present batch plus earlier positives` : undefined;
}

/** Built-in negative sources by `queue` name; register your own with `QUEUES.register`. */
export const QUEUES = new PluginRegistry<QueueEntry>('queue')
  .register('in-batch', { description: 'the other positives of the batch (CLRec-intra)', kind: 'fifo', provides: {}, create: () => new InBatchQueue() })
  .register('inter', {
    description: "FIFO of earlier positives' item ids, re-encoded every step", kind: 'fifo', provides: {},
    create: ({ config }) => new InterBatchQueue(config.queueSize),
    validate: holdsBatch,
  })
  .register('cached', {
    description: 'FIFO of earlier key vectors', kind: 'fifo', provides: {},
    create: ({ config }) => new CachedQueue(config.queueSize),
    validate: holdsBatch,
  })
  .register('moco', {
    description: 'cached, fed by a momentum key encoder', kind: 'fifo', provides: {},
    create: ({ config, model }) => new MomentumQueue({ capacity: config.queueSize, momentum: config.momentum, itemEncoder: model.item }),
    validate: holdsBatch,
  })
  .register('sampled', {
    description: 'L shared draws from the proposal', kind: 'sampler', provides: { logQ: true },
    create: ({ config, itemCounts }) => new SampledQueue({ sampler: proposalSampler(config, itemCounts), numNegatives: config.negatives || config.queueSize }),
  })
  .register('per-user', {
    description: 'k draws per positive', kind: 'sampler', provides: { logQ: true, userNegatives: true },
    create: ({ config, itemCounts }) => new PerUserSampledQueue({ sampler: proposalSampler(config, itemCounts), negativesPerPositive: config.negatives || 20 }),
  })
  .register('full', { description: 'the whole catalog', kind: 'catalog', provides: {}, create: ({ model }) => new FullCatalogQueue(model.item.numItems) })
  .register('multi-intent', {
    description: "Multi-CLRec's main + per-intention queues", kind: 'fifo', provides: {},
    validate: (c) => {
      const secondary = c.intentQueueSize || Math.floor(c.queueSize / 2);
      return c.queueSize - secondary < c.batchSize
        ? `the multi-intent main queue (queueSize ${c.queueSize} - intentQueueSize ${secondary} = ${c.queueSize - secondary}) must hold a batch (${c.batchSize}); raise queueSize or lower intentQueueSize`
        : undefined;
    },
    create: ({ config, model }) => {
      if (!(model.user instanceof MultiIntentEncoder)) {
        throw new ConfigError(`queue multi-intent routes items with Multi-CLRec's prototypes; use --user-encoder multi-clrec (got ${config.userEncoder})`);
      }
      const secondary = config.intentQueueSize || Math.floor(config.queueSize / 2);
      return new MultiIntentQueue({ mainCapacity: config.queueSize - secondary, secondaryCapacity: secondary, router: model.user });
    },
  });

/** Built-in optimizers by `optimizer` name. */
export const OPTIMIZERS = new PluginRegistry<OptimizerEntry>('optimizer')
  .register('adam', {
    description: 'Adam, lazy (row-sparse) on embedding tables',
    create: (params, c) => new LazyAdam(params, { learningRate: c.learningRate, sparse: c.sparseEmbeddings === false ? [] : undefined }),
  })
  .register('adagrad', {
    description: 'Adagrad, lazy on embedding tables',
    create: (params, c) => new LazyAdagrad(params, { learningRate: c.learningRate, sparse: c.sparseEmbeddings === false ? [] : undefined }),
  });

/**
 * Whether a queue can feed a loss: its kind is one the loss accepts, it supplies the logQ the loss
 * requires, and it gives per-user negatives exactly when the loss takes them.
 */
export function compatible(loss: LossEntry, lossInputs: LossRequirements, queue: QueueEntry): boolean {
  if (!loss.queueKinds.includes(queue.kind)) return false;
  if (lossInputs.logQ && !queue.provides.logQ) return false;
  return !!lossInputs.userNegatives === !!queue.provides.userNegatives;
}

/**
 * Resolves `queue: auto` and `proposal: auto` for the configured loss and checks the pair is
 * compatible (e.g. sampled softmax needs the sampler's logQ); errors list what would work.
 */
export function resolveObjective(config: TrainConfig): TrainConfig {
  const lossEntry = LOSSES.get(config.loss);
  if (!lossEntry.similarities.includes(config.similarity)) {
    const dot = LOSSES.names().filter((n) => LOSSES.get(n).similarities.includes(config.similarity));
    throw new ConfigError(`similarity "${config.similarity}" is implemented for loss ${dot.join(', ')} only (got loss "${config.loss}"); use --similarity cosine`);
  }
  const inputs = lossEntry.create(config).requires;
  const queue = config.queue === 'auto' ? autoQueueName(config) : config.queue;
  const allowed = QUEUES.names().filter((n) => compatible(lossEntry, inputs, QUEUES.get(n)));
  if (!QUEUES.has(queue) || !allowed.includes(queue)) {
    throw new ConfigError(`loss "${config.loss}" cannot train with queue "${queue}"; use one of: ${allowed.join(', ')}`);
  }
  const proposal = config.proposal !== 'auto' ? config.proposal : lossEntry.defaultProposal;
  return { ...config, queue, proposal };
}

/**
 * The queue `queue: auto` means for a recipe: the user encoder's contrastive queue for a contrastive
 * loss (`infonce`) when it has one (Multi-CLRec's per-intention queues), else the loss's default queue.
 */
export function autoQueueName(config: TrainConfig): string {
  const contrastive = USER_ENCODERS.has(config.userEncoder) ? USER_ENCODERS.get(config.userEncoder).contrastiveQueue : undefined;
  const loss = LOSSES.get(config.loss);
  return contrastive && loss.contrastive ? contrastive : loss.defaultQueue;
}
