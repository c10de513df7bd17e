import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/**
 * Every setting of a training run. The CLI flags, a config file (JSON or YAML) and a checkpoint all
 * hold values of this shape; see {@link CONFIG_HELP} for what each field means.
 */
export interface TrainConfig {
  data: string;
  format: 'auto' | 'sequence' | 'pairs' | 'ml-100k' | 'csv' | 'sim';
  csvColumns: string | null;
  onBadLine: 'error' | 'skip';
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
  loss: 'infonce' | 'full-softmax' | 'sampled-softmax' | 'negative-sampling' | 'shared-negative-sampling' | 'ipw';
  queue: 'auto' | 'in-batch' | 'inter' | 'cached' | 'moco' | 'sampled' | 'per-user' | 'full';
  negatives: number;
  proposal: 'auto' | 'popularity' | 'degree' | 'log-uniform' | 'uniform';
  maskAccidentalHits: boolean;
  ipwClip: number;
  momentum: number;
  userEncoder: 'multiatt-wha';
  seed: number;
  out: string;
  backend: 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  ks: number[];
  selectMetric: string;
  patience: number;
  excludeHistory: boolean;
  checkpointEvery: number;
  maxEvalUsers: number;
}

/** Defaults: the paper's CLRec settings (batch 256, queue 2,560, temperature 0.07, Adam 1e-3). */
export const DEFAULT_CONFIG: TrainConfig = {
  data: 'sim',
  format: 'auto',
  csvColumns: null,
  onBadLine: 'error',
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
  loss: 'infonce',
  queue: 'auto',
  negatives: 0,
  proposal: 'auto',
  maskAccidentalHits: false,
  ipwClip: 10,
  momentum: 0.999,
  userEncoder: 'multiatt-wha',
  seed: 42,
  out: 'runs/latest',
  backend: 'auto',
  ks: [5, 10, 20],
  selectMetric: 'NDCG@10',
  patience: 3,
  excludeHistory: false,
  checkpointEvery: 500,
  maxEvalUsers: 0,
};

/** One-line help per config key, shown by `clrec --help` and in unknown-key errors. */
export const CONFIG_HELP: Record<keyof TrainConfig, string> = {
  data: "dataset: 'sim' (embedded simulator) or a path (file or ml-100k directory)",
  format: 'auto | sequence (user item item …) | pairs (user item [ts]) | ml-100k | csv | sim',
  csvColumns: "CSV column mapping 'user=COL,item=COL[,timestamp=COL][,features=A|B][,delimiter=;]'",
  onBadLine: "'error' stops at the first malformed line; 'skip' counts and reports it",
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
  learningRate: 'Adam learning rate',
  loss: 'objective: infonce (CLRec) | full-softmax | sampled-softmax (logQ-corrected) | negative-sampling | shared-negative-sampling | ipw',
  queue: 'negatives: auto (by loss) | in-batch (CLRec-intra) | inter (FIFO of raw items re-encoded each step) | cached (FIFO of key vectors) | moco (cached + momentum encoder) | sampled (L shared draws) | per-user (k draws per positive) | full (whole catalog)',
  negatives: 'sampled negatives: L per step for queue sampled (0 = queueSize), k per positive for per-user (0 = 20)',
  proposal: 'sampling proposal: auto (popularity for sampled softmax, degree^0.75 for negative sampling) | popularity | degree | log-uniform | uniform',
  maskAccidentalHits: 'mask negatives that are the same item as the positive',
  ipwClip: 'IPW loss: clip inverse propensities at this multiple of their mean',
  momentum: 'MoCo momentum λ of the key encoder, θk ← λθk + (1−λ)θq (queue moco only)',
  userEncoder: 'user encoder (built-in: multiatt-wha)',
  seed: 'seed of all randomness (init, shuffling, simulator)',
  out: 'output directory (checkpoints, results.json, item embeddings)',
  backend: 'compute backend: auto | tensorflow-gpu | tensorflow | wasm | cpu',
  ks: 'cut-offs K of HR@K / NDCG@K',
  selectMetric: 'validation metric that picks the best checkpoint',
  patience: 'stop after this many epochs without validation improvement (0 = never)',
  excludeHistory: "full ranking skips the user's history items (reported in results)",
  checkpointEvery: "also save the 'last' checkpoint every N steps within an epoch (0 = epoch ends only)",
  maxEvalUsers: 'evaluate at most this many users per split, seeded sample (0 = all)',
};

const CHOICES: Partial<Record<keyof TrainConfig, readonly string[]>> = {
  format: ['auto', 'sequence', 'pairs', 'ml-100k', 'csv', 'sim'],
  onBadLine: ['error', 'skip'],
  split: ['leave-one-out', 'temporal'],
  positional: ['backward', 'forward', 'none'],
  loss: ['infonce', 'full-softmax', 'sampled-softmax', 'negative-sampling', 'shared-negative-sampling', 'ipw'],
  queue: ['auto', 'in-batch', 'inter', 'cached', 'moco', 'sampled', 'per-user', 'full'],
  proposal: ['auto', 'popularity', 'degree', 'log-uniform', 'uniform'],
  userEncoder: ['multiatt-wha'],
  backend: ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
};

const INTEGER_KEYS = new Set<keyof TrainConfig>([
  'epochs', 'batchSize', 'queueSize', 'negatives', 'dim', 'heads', 'hidden', 'maxLen', 'seed', 'patience', 'checkpointEvery', 'maxEvalUsers',
]);

/** Thrown for invalid configuration; the message names the source (file or flag) and the key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates and coerces a partial config (from a file, flags or a checkpoint) onto a base config.
 * Unknown keys are an error listing the valid ones; values are type-checked and range-checked.
 * @param source where the values came from, used in error messages (e.g. `run.yaml`, `--flags`)
 */
export function applyConfig(base: TrainConfig, partial: Record<string, unknown>, source: string): TrainConfig {
  const out: TrainConfig = { ...base, ks: [...base.ks] };
  const valid = Object.keys(DEFAULT_CONFIG) as (keyof TrainConfig)[];
  for (const [key, raw] of Object.entries(partial)) {
    if (raw === undefined) continue;
    if (!valid.includes(key as keyof TrainConfig)) {
      throw new ConfigError(`${source}: unknown key "${key}". Valid keys:\n${valid.map((k) => `  ${k}: ${CONFIG_HELP[k]}`).join('\n')}`);
    }
    const k = key as keyof TrainConfig;
    (out as unknown as Record<string, unknown>)[k] = coerce(k, raw, source);
  }
  const fifo = ['inter', 'cached', 'moco'].includes(out.queue) || (out.queue === 'auto' && out.loss === 'infonce');
  if (fifo && out.batchSize > out.queueSize) {
    throw new ConfigError(`${source}: queueSize (${out.queueSize}) must be >= batchSize (${out.batchSize}): the queue holds the present batch plus earlier positives`);
  }
  return out;
}

function coerce(k: keyof TrainConfig, raw: unknown, source: string): unknown {
  const bad = (want: string) => new ConfigError(`${source}: "${k}" must be ${want}, got ${JSON.stringify(raw)}`);
  const def = DEFAULT_CONFIG[k];
  if (k === 'ks') {
    const list = typeof raw === 'string' ? raw.split(',').map((s) => Number(s.trim())) : raw;
    if (!Array.isArray(list) || list.length === 0 || !list.every((v) => Number.isInteger(v) && v >= 1)) throw bad('a list of positive integers, e.g. 5,10,20');
    return list;
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
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw bad('a number');
    if (INTEGER_KEYS.has(k) && !Number.isInteger(n)) throw bad('an integer');
    if (k === 'momentum' && !(n >= 0 && n < 1)) throw bad('a number in [0, 1)');
    const min = k === 'negatives' || k === 'momentum' || k === 'seed' || k === 'patience' || k === 'checkpointEvery' || k === 'maxEvalUsers' ? 0 : Number.MIN_VALUE;
    if (n < min) throw bad(min === 0 ? 'a number >= 0' : 'a number > 0');
    return n;
  }
  if (typeof raw !== 'string' || raw === '') throw bad('a non-empty string');
  const choices = CHOICES[k];
  if (choices && !choices.includes(raw)) throw new ConfigError(`${source}: "${k}" is "${raw}"; valid values: ${choices.join(', ')}`);
  return raw;
}

/** Reads a JSON (`.json`) or YAML (`.yaml`/`.yml`, or anything else) config file into a plain object. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`config file ${path}: cannot be read (${(e as Error).message})`);
  }
  let value: unknown;
  try {
    value = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(`config file ${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`config file ${path}: must hold a mapping of keys to values`);
  }
  return value as Record<string, unknown>;
}
