import { ConfigError } from './config-error';
import { autoQueueName, LOSSES, OPTIMIZERS, PROPOSALS, QUEUES } from './registry';
import { USER_ENCODERS } from './user-encoders';

export { ConfigError };

/**
 * Every setting of a training run. The CLI flags, a config file (JSON or YAML) and a checkpoint all
 * hold values of this shape; see {@link CONFIG_HELP} for what each field means.
 */
export interface TrainConfig {
  /** The named recipe these values started from (a `PRESETS` name); recorded in results. */
  preset: string;
  data: string;
  format: 'auto' | 'sequence' | 'pairs' | 'ml-100k' | 'csv' | 'sim';
  csvColumns: string | null;
  onBadLine: 'error' | 'skip';
  /** Ceiling of skipped malformed lines with `onBadLine: 'skip'`: a fraction of the lines (< 1) or a count (≥ 1). */
  maxBadLines: number;
  /** Text encoding of the data files: `auto` (the format's own: UTF-8, strict; MovieLens 100K's Latin-1), `utf8` or `latin1`. */
  encoding: 'auto' | 'utf8' | 'latin1';
  split: 'leave-one-out' | 'temporal';
  epochs: number;
  batchSize: number;
  queueSize: number;
  dim: number;
  heads: number;
  hidden: number;
  maxLen: number;
  positional: 'backward' | 'forward' | 'none';
  temperature: number;
  learningRate: number;
  /** A name of the `OPTIMIZERS` registry. */
  optimizer: string;
  sparseEmbeddings: boolean;
  /** A name of the `LOSSES` registry. */
  loss: string;
  /** `auto` or a name of the `QUEUES` registry. */
  queue: string;
  negatives: number;
  /** `auto` or a name of the `PROPOSALS` registry. */
  proposal: string;
  maskAccidentalHits: boolean;
  ipwClip: number;
  momentum: number;
  /** A name of the `USER_ENCODERS` registry. */
  userEncoder: string;
  headAggregation: 'wha' | 'mean' | 'mean-mlp' | 'concat-mlp';
  similarity: 'cosine' | 'dot';
  itemFeatures: string;
  labelFeatures: boolean;
  timeBuckets: 'auto' | 'log2' | 'none';
  blocks: number;
  dropout: number;
  trainPositions: 'auto' | 'last' | 'all';
  maskOwnItems: boolean;
  intentions: number;
  intentCategory: string;
  intentQueueSize: number;
  auxWeight: number;
  intentResidual: boolean;
  u2u: number;
  u2uLength: number;
  u2uQueueSize: number;
  u2uKeyEncoder: 'separate' | 'shared';
  seed: number;
  out: string;
  backend: 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  /** Refuse compute paths whose sums depend on threads or load (system BLAS, tfjs-node), so runs are bit-identical. */
  deterministic: boolean;
  ks: number[];
  selectMetric: string;
  patience: number;
  excludeHistory: boolean;
  popularityPrior: number;
  checkpointEvery: number;
  maxEvalUsers: number;
  evalProtocols: ('full' | 'sampled-popularity' | 'sampled-uniform')[];
  evalNegatives: number;
  evalNegativesDir: string | null;
  evalSeed: number;
  debiasKs: number[];
}

/**
 * The base values under every preset: the KDD paper's CLRec settings (MultiAtt + WHA, InfoNCE against
 * an inter-batch queue of 2,560 keys, batch 256, temperature 0.07, Adam 1e-3), i.e. the `paper-multiatt`
 * preset. `clrec train` starts from the `default` preset instead (`resolveRecipe`); full ranking
 * excludes the user's history in both.
 */
export const DEFAULT_CONFIG: TrainConfig = {
  preset: 'paper-multiatt',
  data: 'sim',
  format: 'auto',
  csvColumns: null,
  onBadLine: 'error',
  maxBadLines: 0.01,
  encoding: 'auto',
  split: 'leave-one-out',
  epochs: 20,
  batchSize: 256,
  queueSize: 2560,
  dim: 64,
  heads: 8,
  hidden: 64,
  maxLen: 50,
  positional: 'forward',
  temperature: 0.07,
  learningRate: 1e-3,
  optimizer: 'adam',
  sparseEmbeddings: true,
  loss: 'infonce',
  queue: 'auto',
  negatives: 0,
  proposal: 'auto',
  maskAccidentalHits: false,
  ipwClip: 10,
  momentum: 0.999,
  userEncoder: 'multiatt-wha',
  headAggregation: 'wha',
  similarity: 'cosine',
  itemFeatures: 'auto',
  labelFeatures: true,
  timeBuckets: 'auto',
  blocks: 2,
  dropout: 0.2,
  trainPositions: 'auto',
  maskOwnItems: false,
  intentions: 16,
  intentCategory: 'auto',
  intentQueueSize: 0,
  auxWeight: 1,
  intentResidual: true,
  u2u: 0,
  u2uLength: 10,
  u2uQueueSize: 0,
  u2uKeyEncoder: 'separate',
  seed: 42,
  out: 'runs/latest',
  backend: 'auto',
  deterministic: false,
  ks: [5, 10, 20],
  selectMetric: 'NDCG@10',
  patience: 3,
  excludeHistory: true,
  popularityPrior: 0,
  checkpointEvery: 500,
  maxEvalUsers: 0,
  evalProtocols: ['full'],
  evalNegatives: 100,
  evalNegativesDir: null,
  evalSeed: 42,
  debiasKs: [10, 50],
};

/**
 * `base` with the registered defaults of `userEncoder` (its `USER_ENCODERS` entry's `defaults`) applied (and `userEncoder` set), or `base`
 * itself for an encoder without its own defaults or a name that is not a string (validated later).
 */
export function withEncoderDefaults(base: TrainConfig, userEncoder: unknown): TrainConfig {
  if (typeof userEncoder !== 'string') return base;
  const defaults = USER_ENCODERS.has(userEncoder) ? USER_ENCODERS.get(userEncoder).defaults : undefined;
  if (!defaults) return base;
  return applyConfig(base, { ...defaults, userEncoder }, `defaults of userEncoder ${userEncoder}`);
}

/**
 * One-line help per config key, shown by `clrec --help` and in unknown-key errors. The plugin keys
 * (`loss`, `queue`, `proposal`, `userEncoder`, `optimizer`) list their registry's names when read, so
 * plugins registered later appear too.
 */
export const CONFIG_HELP: Record<keyof TrainConfig, string> = {
  preset: "named recipe under the other values (see PRESETS; `clrec train --help` lists them): default | sasrec-clrec | sasrec-ssm | paper-multiatt",
  data: "dataset: 'sim' (embedded simulator) or a path (file or ml-100k directory)",
  format: 'auto | sequence (user item item …) | pairs (user item [ts]) | ml-100k | csv | sim',
  csvColumns: "CSV column mapping 'user=COL,item=COL[,timestamp=COL][,features=A|B][,delimiter=;]'",
  onBadLine: "'error' stops at the first malformed line; 'skip' counts and reports it",
  maxBadLines: "with --on-bad-line skip, stop once more lines than this were malformed: a fraction of the lines read (< 1) or a count (>= 1)",
  encoding: "text encoding of the data files: auto (the format's own: utf8, ml-100k latin1) | utf8 (an invalid byte is an error naming file:line) | latin1",
  split: 'leave-one-out (last = test, second-to-last = valid) | temporal (by timestamp, 80/10/10)',
  epochs: 'maximum training epochs',
  batchSize: 'positive examples per step',
  queueSize: 'keys per step: this batch + earlier positives (FIFO), independent of batchSize',
  dim: 'embedding dimension d',
  heads: 'attention heads H of the MultiAtt user encoder',
  hidden: 'hidden width of the attention-score MLP',
  maxLen: 'most recent clicks kept per history',
  positional: "positional embedding of history clicks: forward (latest = 0; default: best on data without timestamps) | backward (the paper's, paired with time buckets) | none",
  temperature: 'cosine-similarity temperature',
  learningRate: 'optimizer learning rate',
  get optimizer() {
    return `optimizer: ${OPTIMIZERS.describe()}`;
  },
  sparseEmbeddings: 'lazy Adam on item embedding tables: gradients and updates for the rows a step touches only (false = dense Adam on every row)',
  get loss() {
    return `objective: ${LOSSES.describe()}`;
  },
  get queue() {
    return `negatives: auto (by loss) | ${QUEUES.describe()}`;
  },
  negatives: 'sampled negatives: L per step for queue sampled (0 = queueSize), k per positive for per-user (0 = 20)',
  get proposal() {
    return `sampling proposal: auto (popularity for sampled softmax, degree for negative sampling) | ${PROPOSALS.describe()}`;
  },
  maskAccidentalHits: 'mask negatives that are the same item as the positive',
  ipwClip: 'IPW loss: clip inverse propensities at this multiple of their mean',
  momentum: 'MoCo momentum λ of the key encoder, θk ← λθk + (1−λ)θq (queue moco only)',
  get userEncoder() {
    return `user encoder f(x): ${USER_ENCODERS.describe()}`;
  },
  headAggregation: 'multiatt-wha head aggregation (KDD Table 12): wha | mean | mean-mlp | concat-mlp',
  similarity: "score of a user and an item: cosine (over the temperature; the paper's) | dot (raw inner product over the temperature; infonce only)",
  itemFeatures: "categorical item features embedded with the id: auto (all the dataset's: ml-100k genre,year, simulator category, CSV feature columns) | none | a comma list of names",
  labelFeatures: 'also encode the features on the label side (keys, candidates); false = id only there (KDD Table 6 "negatives w/o features")',
  timeBuckets: 'history time-bucket embedding of (query time - click time), log2-spaced: auto (on when the data has timestamps, off for sasrec) | log2 | none',
  blocks: 'sasrec: self-attention blocks',
  dropout: 'sasrec: dropout rate while training (embeddings, attention weights, feed-forward)',
  trainPositions: 'which positions carry a loss: auto (all for sasrec, last otherwise) | last (predict the next click of each prefix) | all (sasrec: every position predicts the following click)',
  maskOwnItems: "drop keys the row's user clicked (other than the positive) from its negatives, as the authors' SASRec code does",
  intentions: 'multi-clrec: number of intention prototypes H = secondary queues (the paper: 16 on public data, 64 in production)',
  intentCategory: "multi-clrec: item category c routed to the prototypes: auto (genre, else category, else the first item feature, else item) | item (c = the item embedding; data without categories, e.g. Beauty) | hash:N (ids hashed into N buckets) | a feature name",
  intentQueueSize: 'multi-clrec (queue multi-intent): capacity of each secondary queue; the main queue holds queueSize minus it, so a row sees <= queueSize keys (0 = queueSize / 2, the paper\'s 1,280 + 1,280)',
  auxWeight: 'multi-clrec: weight λ of each auxiliary loss (polarity, intention match, balance; the paper: 1)',
  intentResidual: "multi-clrec: z_h = unit(z'_h) + MLP3([unit(z'_h); β_h]) with MLP3's output layer starting at zero (true), or the paper's literal MLP3([z'_h; β_h]) (false; with small item embeddings, e.g. Beauty, users start out indistinguishable)",
  u2u: 'u2u pretext task weight (0 = off; --u2u alone = 1): co-train InfoNCE between f(history) and a same-shape encoder of the next clicks, cached queue; adds HR1@50 / Recall5@50',
  u2uLength: 'u2u: longest key sequence (the next clicks from the target on)',
  u2uQueueSize: 'u2u: keys per step of the cached u2u queue (0 = queueSize)',
  u2uKeyEncoder: "u2u: separate (a second encoder of f's shape, u2u_key.* parameters) | shared (the keys are f(next clicks) with the query encoder itself, MoCo λ = 0: the paper's best u2u row; this batch's keys carry gradients through f, queued keys are constants)",
  seed: 'seed of all randomness (init, shuffling, simulator)',
  out: 'output directory (checkpoints, results.json, item embeddings)',
  backend: 'compute backend: auto | tensorflow-gpu | tensorflow | wasm | cpu',
  deterministic: 'refuse compute paths whose float sums depend on thread count or machine load (a system BLAS via CLREC_BLAS, the tfjs-node backends); the default WASM + bundled GEMM path is already bit-identical across runs, loads and thread counts',
  ks: 'cut-offs K of HR@K / NDCG@K',
  selectMetric: 'validation metric that picks the best checkpoint',
  patience: 'stop after this many epochs without validation improvement (0 = never)',
  excludeHistory: "full ranking skips the user's history items, a target that repeats one counting as a miss (the published protocol; reported in results); false for repeat-consumption data",
  popularityPrior: 'weight α of a serving-time popularity prior: α·log q(y) (q = add-one training-click share) added to every logit before ranking, in every protocol; 0 = the model as trained (debiased), 1 = puts back the popularity a debiased objective removed (reported in results)',
  checkpointEvery: "also save the 'last' checkpoint every N steps within an epoch (0 = epoch ends only)",
  maxEvalUsers: 'evaluate at most this many users per split, seeded sample (0 = all)',
  evalProtocols: "protocols besides full ranking (always on): sampled-popularity (target vs N negatives drawn ∝ training clicks without replacement, excluding all the user's items: the authors' / BERT4Rec) | sampled-uniform (N uniform negatives excluding the history and target: SASRec); comma-separated",
  evalNegatives: 'negatives per user of the sampled protocols',
  evalNegativesDir: 'directory of the sampled negatives files, reused when present so every model sees the same candidates (default: <out>/eval-negatives)',
  evalSeed: 'seed of the evaluated-user sample and of the sampled negatives (independent of the training seed)',
  debiasKs: 'list lengths K of the test debiasing metrics: aggregate diversity, popularity index, degree buckets, head/torso/tail recall, simulator preference recall',
};

/** Fixed value sets; plugin names come from their registries (read when validating, so registered plugins count). */
const CHOICES: Partial<Record<keyof TrainConfig, readonly string[]>> = {
  format: ['auto', 'sequence', 'pairs', 'ml-100k', 'csv', 'sim'],
  onBadLine: ['error', 'skip'],
  encoding: ['auto', 'utf8', 'latin1'],
  split: ['leave-one-out', 'temporal'],
  positional: ['backward', 'forward', 'none'],
  headAggregation: ['wha', 'mean', 'mean-mlp', 'concat-mlp'],
  similarity: ['cosine', 'dot'],
  timeBuckets: ['auto', 'log2', 'none'],
  trainPositions: ['auto', 'last', 'all'],
  backend: ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  u2uKeyEncoder: ['separate', 'shared'],
};

const INTEGER_KEYS = new Set<keyof TrainConfig>([
  'blocks',
  'epochs', 'batchSize', 'queueSize', 'negatives', 'dim', 'heads', 'hidden', 'maxLen', 'seed', 'patience', 'checkpointEvery', 'maxEvalUsers',
  'evalNegatives', 'evalSeed',
  'intentions', 'intentQueueSize', 'u2uLength', 'u2uQueueSize',
]);

/** Closed ranges of keys whose values outside them only ever diverge or overflow, with the reason. */
const RANGES: Partial<Record<keyof TrainConfig, [number, number, string]>> = {
  // cosine / τ: below 1e-3 the logits reach 1e3 and float32 softmax gradients are all-or-nothing
  temperature: [1e-3, 100, 'cosine / temperature must stay within float32 softmax range'],
  learningRate: [1e-7, 10, 'larger steps diverge at once'],
  maxBadLines: [1e-9, Number.MAX_SAFE_INTEGER, 'a fraction in (0, 1) or a count >= 1'],
};

const EVAL_PROTOCOLS = ['full', 'sampled-popularity', 'sampled-uniform'];

/** The valid values of a choice key: fixed sets, or the names of the plugin registry behind it. */
function choicesOf(k: keyof TrainConfig): readonly string[] | undefined {
  switch (k) {
    case 'loss': return LOSSES.names();
    case 'queue': return ['auto', ...QUEUES.names()];
    case 'proposal': return ['auto', ...PROPOSALS.names()];
    case 'userEncoder': return USER_ENCODERS.names();
    case 'optimizer': return OPTIMIZERS.names();
    default: return CHOICES[k];
  }
}

/**
 * Validates and coerces a partial config (from a file, flags or a checkpoint) onto a base config.
 * Unknown keys are an error listing the valid ones; values are type-checked and range-checked.
 * @param source where the values came from, used in error messages (e.g. `run.yaml`, `--flags`)
 */
export function applyConfig(base: TrainConfig, partial: Record<string, unknown>, source: string): TrainConfig {
  const out: TrainConfig = { ...base, ks: [...base.ks], evalProtocols: [...base.evalProtocols], debiasKs: [...base.debiasKs] };
  const valid = Object.keys(DEFAULT_CONFIG) as (keyof TrainConfig)[];
  for (const [key, raw] of Object.entries(partial)) {
    if (raw === undefined) continue;
    if (!valid.includes(key as keyof TrainConfig)) {
      throw new ConfigError(`${source}: unknown key "${key}". Valid keys:\n${valid.map((k) => `  ${k}: ${CONFIG_HELP[k]}`).join('\n')}`);
    }
    const k = key as keyof TrainConfig;
    (out as unknown as Record<string, unknown>)[k] = coerce(k, raw, source);
  }
  // each queue checks the sizes it needs (e.g. a FIFO holds at least the present batch)
  const queue = out.queue === 'auto' && LOSSES.has(out.loss) ? autoQueueName(out) : out.queue;
  const problem = QUEUES.has(queue) ? QUEUES.get(queue).validate?.(out) : undefined;
  if (problem) throw new ConfigError(`${source}: ${problem}`);
  if (out.u2u > 0 && (out.u2uQueueSize || out.queueSize) < out.batchSize) {
    throw new ConfigError(`${source}: u2uQueueSize (${out.u2uQueueSize || out.queueSize}) must be >= batchSize (${out.batchSize})`);
  }
  return out;
}

function coerce(k: keyof TrainConfig, raw: unknown, source: string): unknown {
  const bad = (want: string) => new ConfigError(`${source}: "${k}" must be ${want}, got ${JSON.stringify(raw)}`);
  const def = DEFAULT_CONFIG[k];
  if (k === 'evalProtocols') {
    const list = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw;
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' && EVAL_PROTOCOLS.includes(v))) {
      throw bad(`a comma-separated list of ${EVAL_PROTOCOLS.join(', ')}`);
    }
    return [...new Set(list)];
  }
  if (k === 'ks' || k === 'debiasKs') {
    const list = typeof raw === 'string' ? raw.split(',').map((s) => Number(s.trim())) : raw;
    if (!Array.isArray(list) || list.length === 0 || !list.every((v) => Number.isInteger(v) && v >= 1)) throw bad('a list of positive integers, e.g. 5,10,20');
    return list;
  }
  if (k === 'evalNegativesDir') {
    if (raw === null || raw === '') return null;
    if (typeof raw !== 'string') throw bad('a directory path');
    return raw;
  }
  if (k === 'csvColumns') {
    if (raw === null) return null;
    if (typeof raw !== 'string') throw bad("a string like 'user=uid,item=iid,timestamp=ts'");
    return raw;
  }
  if (typeof def === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw bad('true or false');
  }
  if (typeof def === 'number') {
    if (k === 'u2u' && (raw === true || raw === 'true')) return 1; // bare --u2u
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw bad('a number');
    if (INTEGER_KEYS.has(k) && !Number.isInteger(n)) throw bad('an integer');
    if ((k === 'momentum' || k === 'dropout') && !(n >= 0 && n < 1)) throw bad('a number in [0, 1)');
    if (k === 'popularityPrior') return n; // any finite weight (negative: more debiasing)
    if (k === 'maxBadLines' && n >= 1 && !Number.isInteger(n)) throw bad('a fraction in (0, 1) of the lines read or a whole count >= 1');
    const range = RANGES[k];
    if (range && !(n >= range[0] && n <= range[1])) throw bad(`a number in [${range[0]}, ${range[1]}] (${range[2]})`);
    const min = k === 'negatives' || k === 'momentum' || k === 'dropout' || k === 'seed' || k === 'patience' || k === 'checkpointEvery' || k === 'maxEvalUsers' || k === 'evalSeed'
      || k === 'intentQueueSize' || k === 'auxWeight' || k === 'u2u' || k === 'u2uQueueSize' ? 0 : Number.MIN_VALUE;
    if (n < min) throw bad(min === 0 ? 'a number >= 0' : 'a number > 0');
    return n;
  }
  if (typeof raw !== 'string' || raw === '') throw bad('a non-empty string');
  const choices = choicesOf(k);
  if (choices && !choices.includes(raw)) throw new ConfigError(`${source}: "${k}" is "${raw}"; valid values: ${choices.join(', ')}`);
  return raw;
}
