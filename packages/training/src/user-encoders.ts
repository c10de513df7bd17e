import type { ItemEncoder, Rng, UserEncoder } from '@clrec/core';
import type { ItemFeature } from '@clrec/datasets';
import { MeanPoolEncoder, MultiAttWhaEncoder, SasRecEncoder } from '@clrec/encoders';
import { ConfigError } from './config-error';
import type { TrainConfig } from './config';
import { PluginRegistry } from './plugin-registry';
import { buildMultiClrecEncoder, type MultiClrecOptions } from './multi-clrec-model';

/** History positions embedded by sequence encoders: forward (latest = 0), backward (earliest = 0), none. */
export type Positional = 'backward' | 'forward' | 'none';

/** Options every built-in sequence encoder has. */
export interface SequenceEncoderOptions {
  /** Most recent clicks kept per history. */
  maxLen: number;
  positional: Positional;
}

/** The paper's MultiAtt + head aggregation encoder (KDD App. B.1, Table 12). */
export interface MultiAttWhaOptions extends SequenceEncoderOptions {
  kind: 'multiatt-wha';
  /** Attention heads H. */
  heads: number;
  /** Hidden width of the attention-score MLP. */
  hidden: number;
  aggregation: 'wha' | 'mean' | 'mean-mlp' | 'concat-mlp';
}

/** Mean pooling of the clicks, optionally followed by an MLP. */
export interface MeanPoolOptions extends SequenceEncoderOptions {
  kind: 'mean' | 'mean-mlp';
}

/** SASRec: causal self-attention blocks with a state at every position. */
export interface SasRecOptions extends SequenceEncoderOptions {
  kind: 'sasrec';
  blocks: number;
  heads: number;
  /** Dropout rate while training. */
  dropout: number;
}

/** Typed options of each built-in user encoder, discriminated by `kind` (the registry name). */
export type UserEncoderOptions = MultiAttWhaOptions | MeanPoolOptions | SasRecOptions | MultiClrecOptions;

/** What a user-encoder builder gets besides its options. */
export interface UserEncoderContext {
  /** History-side item encoder (id + features, shared with the label side). */
  itemEncoder: ItemEncoder;
  rng: Rng;
  /** Parameter-name prefix (`user`; `u2u_key` for the u2u key encoder of the same shape). */
  prefix: string;
  /** Rows of the history time-bucket table (0 = no click times). */
  timeBuckets: number;
  /** Dense item ids are 1..numItems. */
  numItems: number;
  /** The model's categorical item features (Multi-CLRec routes by one of them). */
  itemFeatures: ItemFeature[];
}

/** A user encoder as the registry knows it: how to build it and what the trainer must know beforehand. */
export interface UserEncoderEntry<O extends { kind: string } = UserEncoderOptions> {
  readonly description: string;
  /** Which positions carry a loss by default: `last` (one user vector per history) or `all` (a state per position). */
  readonly positions: 'last' | 'all';
  /** Whether it can embed click times (time buckets). */
  readonly timeBuckets: boolean;
  /** Recipe defaults that differ for this encoder, applied under a config file and flags. */
  readonly defaults?: Partial<TrainConfig>;
  /** The queue `infonce` uses by default with this encoder (e.g. Multi-CLRec's per-intention queues). */
  readonly contrastiveQueue?: string;
  /** Its typed options from a flat recipe. */
  options(config: TrainConfig): O;
  /** A recipe problem this encoder cannot be built with (e.g. heads not dividing d), as a sentence naming the keys; undefined when fine. */
  validate?(config: TrainConfig): string | undefined;
  /** Builds f(x). */
  build(options: O, ctx: UserEncoderContext): UserEncoder;
}

const sequence = (c: TrainConfig): SequenceEncoderOptions => ({ maxLen: c.maxLen, positional: c.positional as Positional });

/** An entry of any options type (each entry's `options` and `build` agree on its own type). */
export type AnyUserEncoderEntry = UserEncoderEntry<any>;

/**
 * User encoders by name. Register your own with `USER_ENCODERS.register(name, entry)`; its name then
 * works as `userEncoder` in a recipe and as `--user-encoder` on the command line.
 */
export const USER_ENCODERS = new PluginRegistry<AnyUserEncoderEntry>('userEncoder')
  .register('multiatt-wha', {
    description: "MultiAtt + head aggregation, the paper's",
    positions: 'last', timeBuckets: true,
    options: (c): MultiAttWhaOptions => ({ kind: 'multiatt-wha', ...sequence(c), heads: c.heads, hidden: c.hidden, aggregation: c.headAggregation }),
    build: (o: MultiAttWhaOptions, x) => new MultiAttWhaEncoder({
      itemEncoder: x.itemEncoder, maxLen: o.maxLen, positional: o.positional, timeBuckets: x.timeBuckets, heads: o.heads, hidden: o.hidden,
      aggregation: o.aggregation, rng: x.rng, name: x.prefix,
    }),
  } satisfies UserEncoderEntry<MultiAttWhaOptions>)
  .register('mean', {
    description: 'mean pooling of the clicks',
    positions: 'last', timeBuckets: true,
    options: (c): MeanPoolOptions => ({ kind: 'mean', ...sequence(c) }),
    build: meanPool,
  } satisfies UserEncoderEntry<MeanPoolOptions>)
  .register('mean-mlp', {
    description: 'mean pooling + MLP',
    positions: 'last', timeBuckets: true,
    options: (c): MeanPoolOptions => ({ kind: 'mean-mlp', ...sequence(c) }),
    build: meanPool,
  } satisfies UserEncoderEntry<MeanPoolOptions>)
  .register('sasrec', {
    description: 'causal self-attention, a loss at every position',
    positions: 'all', timeBuckets: false,
    // the authors' public SASRec + CLRec code: one head, dropout, the user's own items masked, many epochs;
    // batch 64 and dropout 0.4 tuned on Beauty; queue = batch x maxLen so one batch of positions fits
    defaults: { batchSize: 64, queueSize: 3200, heads: 1, dropout: 0.4, positional: 'forward', epochs: 200, patience: 10, maskOwnItems: true },
    options: (c): SasRecOptions => ({ kind: 'sasrec', ...sequence(c), blocks: c.blocks, heads: c.heads, dropout: c.dropout }),
    validate: (c) => {
      if (c.dim % c.heads !== 0) return `--heads ${c.heads} must divide --dim ${c.dim} (sasrec splits d across its heads), e.g. --heads ${[1, 2, 4, 8].filter((h) => c.dim % h === 0).pop() ?? 1}`;
      if (c.timeBuckets === 'log2') return '--time-buckets log2: the sasrec encoder has no time-bucket embedding; use --time-buckets none (or auto)';
      return undefined;
    },
    build: (o: SasRecOptions, x) => {
      if (x.timeBuckets > 0) {
        throw new ConfigError('timeBuckets: the sasrec encoder has no time-bucket embedding (its every-position loss has no single query time); use --time-buckets none');
      }
      return new SasRecEncoder({
        itemEncoder: x.itemEncoder, maxLen: o.maxLen, positional: o.positional, blocks: o.blocks, heads: o.heads, dropout: o.dropout, rng: x.rng, name: x.prefix,
      });
    },
  } satisfies UserEncoderEntry<SasRecOptions>)
  .register('multi-clrec', {
    description: 'Multi-CLRec: H intention prototypes, routing and selection',
    positions: 'last', timeBuckets: true, contrastiveQueue: 'multi-intent',
    options: (c): MultiClrecOptions => {
      if (c.trainPositions === 'all') throw new ConfigError('--user-encoder multi-clrec: its user vector is one per history; use --train-positions last (or auto)');
      if (c.similarity !== 'cosine') throw new ConfigError('--user-encoder multi-clrec: routing and selection are cosine-based; use --similarity cosine');
      return {
        kind: 'multi-clrec', ...sequence(c), intentions: c.intentions, hidden: c.hidden, residual: c.intentResidual, intentCategory: c.intentCategory,
      };
    },
    build: buildMultiClrecEncoder,
  } satisfies UserEncoderEntry<MultiClrecOptions>);

function meanPool(o: MeanPoolOptions, x: UserEncoderContext): UserEncoder {
  return new MeanPoolEncoder({
    itemEncoder: x.itemEncoder, maxLen: o.maxLen, positional: o.positional, timeBuckets: x.timeBuckets, mlp: o.kind === 'mean-mlp', rng: x.rng, name: x.prefix,
  });
}
