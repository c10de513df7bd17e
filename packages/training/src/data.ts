import {
  type CsvColumns,
  DatasetError,
  type DatasetSplit,
  leaveOneOutSplit,
  loadDataset,
  type SequenceDataset,
  temporalSplit,
} from '@clrec/datasets/node';
import type { DatasetFingerprint } from './checkpoint';
import { ConfigError, type TrainConfig } from './config';
import { trainingExamples } from './step-runner';
import { USER_ENCODERS } from './user-encoders';

/** A loaded, split dataset plus the flat list of training examples (user, target position). */
export interface PreparedData {
  dataset: SequenceDataset;
  split: DatasetSplit;
  /** Example e predicts `split.train[users[e]][targets[e]]` from the clicks before it. */
  users: Int32Array;
  /** Target position within the user's training sequence (≥ 1). */
  targets: Int32Array;
  fingerprint: DatasetFingerprint;
  /** Training click count of each item id (index 0 = padding, 0), for proposals and propensities. */
  itemCounts: Float64Array;
  /** The config with its dataset-dependent choices resolved (see {@link resolveDataChoices}). */
  config: TrainConfig;
}

/**
 * Resolves the config choices that depend on the data, so the stored config rebuilds the same model:
 * `itemFeatures: auto` → the dataset's feature names (or `none`), `timeBuckets: auto` → `log2` when
 * the data has timestamps and the user encoder embeds click times else `none`, `trainPositions: auto`
 * → the user encoder's registered `positions` (`all` for sasrec, `last` otherwise). Explicit choices the data cannot honour are errors naming the flag.
 */
export function resolveDataChoices(config: TrainConfig, dataset: Pick<SequenceDataset, 'name' | 'itemFeatures' | 'timestamps'>): TrainConfig {
  const have = dataset.itemFeatures.map((f) => f.name);
  let itemFeatures = config.itemFeatures.trim();
  if (itemFeatures === 'auto') itemFeatures = have.length ? have.join(',') : 'none';
  else if (itemFeatures !== 'none') {
    for (const n of itemFeatures.split(',').map((x) => x.trim())) {
      if (!have.includes(n)) throw new ConfigError(`--item-features: ${dataset.name} has no item feature "${n}"; it has: ${have.length ? have.join(', ') : '(none)'} (or use auto / none)`);
    }
  }
  const encoder = USER_ENCODERS.get(config.userEncoder);
  let timeBuckets = config.timeBuckets;
  if (timeBuckets === 'auto') timeBuckets = dataset.timestamps && encoder.timeBuckets ? 'log2' : 'none';
  else if (timeBuckets === 'log2' && !dataset.timestamps) {
    throw new ConfigError(`--time-buckets log2: ${dataset.name} has no timestamps (use auto or none, or a source with times: ml-100k, pairs with a time column, CSV with timestamp=COL)`);
  }
  let trainPositions = config.trainPositions;
  if (trainPositions === 'auto') trainPositions = encoder.positions;
  else if (trainPositions === 'all' && encoder.positions !== 'all') {
    const perPosition = USER_ENCODERS.names().filter((n) => USER_ENCODERS.get(n).positions === 'all');
    throw new ConfigError(`--train-positions all: only ${perPosition.join(', ')} ha${perPosition.length === 1 ? 's' : 've'} a state at every position (got --user-encoder ${config.userEncoder}); use last`);
  }
  return { ...config, itemFeatures, timeBuckets, trainPositions };
}

/** Parses `user=COL,item=COL[,timestamp=COL][,features=A|B][,delimiter=;]` into CSV column names. */
export function parseCsvColumns(spec: string): CsvColumns {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new ConfigError(`csvColumns: "${part}" is not key=value (in "${spec}")`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const allowed = ['user', 'item', 'timestamp', 'features', 'delimiter'];
  for (const k of Object.keys(out)) if (!allowed.includes(k)) throw new ConfigError(`csvColumns: unknown key "${k}"; valid: ${allowed.join(', ')}`);
  if (!out.user || !out.item) throw new ConfigError(`csvColumns: "user" and "item" columns are required (got "${spec}")`);
  return {
    user: out.user, item: out.item, timestamp: out.timestamp,
    features: out.features ? out.features.split('|').filter(Boolean) : undefined, delimiter: out.delimiter,
  };
}

/** Loads the dataset named by the config, splits it and enumerates the training examples. */
export function prepareData(config: TrainConfig, log: (s: string) => void): PreparedData {
  const dataset = loadDataset(config.data, {
    format: config.format,
    onBadLine: config.onBadLine,
    maxBadLines: config.maxBadLines,
    encoding: config.encoding === 'auto' ? undefined : config.encoding,
    csv: config.csvColumns ? parseCsvColumns(config.csvColumns) : undefined,
    sim: { seed: config.seed },
  });
  const r = dataset.report;
  log(`data: ${dataset.name}: ${dataset.numUsers} users, ${dataset.numItems} items, ${r.interactions} interactions (${r.file})`);
  if (r.skipped.count > 0) {
    const reasons = Object.entries(r.skipped.reasons).map(([k, v]) => `${k}: ${v}`).join(', ');
    log(`data: skipped ${r.skipped.count} malformed line(s) (${reasons}); first: ${r.skipped.examples.slice(0, 3).join(' | ')}`);
  }
  const split = config.split === 'temporal'
    ? temporalSplit(dataset, { validFraction: 0.1, testFraction: 0.1 })
    : leaveOneOutSplit(dataset);
  const { users, targets } = trainingExamples(split.train);
  const n = users.length;
  log(`data: ${config.split} split: ${n} training examples, ${split.valid.length} validation and ${split.test.length} test users` +
    (split.skippedUsers ? ` (${split.skippedUsers} users too short to evaluate)` : ''));
  checkTrainable(dataset, split, n, config);
  const maxK = Math.max(...config.ks);
  if (dataset.numItems <= maxK) log(`data: warning: ${dataset.numItems} items <= K = ${maxK}: HR@${maxK} counts every item in the list and is 1 by construction`);
  const itemCounts = new Float64Array(dataset.numItems + 1);
  for (const seq of split.train) for (let i = 0; i < seq.length; i++) itemCounts[seq[i]]++;
  const fingerprint = { name: dataset.name, numUsers: dataset.numUsers, numItems: dataset.numItems, interactions: r.interactions };
  return { dataset, split, users, targets, fingerprint, itemCounts, config: resolveDataChoices(config, dataset) };
}

/**
 * Refuses, before any training, a dataset that cannot give a meaningful run: fewer than 2 items (every
 * ranking is trivially perfect), no training example, or no validation or test user. The error names
 * the file and says why (the split's rule and the longest sequence found).
 * @throws DatasetError naming `dataset.report.file`
 */
export function checkTrainable(dataset: SequenceDataset, split: DatasetSplit, trainingExamples: number, config: Pick<TrainConfig, 'split'>): void {
  const file = dataset.report.file;
  let longest = 0;
  for (const s of dataset.sequences) longest = Math.max(longest, s.length);
  const shape = `${dataset.numUsers} users, ${dataset.numItems} items, ${dataset.report.interactions} interactions, the longest user has ${longest}`;
  const rule = config.split === 'temporal'
    ? 'the temporal split trains on the first 80% of the time range and evaluates users with clicks in the later 10% windows and history before them'
    : "leave-one-out holds out each user's last click (test) and the one before (validation) for users with at least 3 clicks, and trains on the clicks before those";
  if (dataset.numItems < 2) throw new DatasetError(file, null, null, `only ${dataset.numItems} distinct item(s) (${shape}): ranking needs at least 2 items, or every metric is 1 by construction`);
  if (trainingExamples === 0) throw new DatasetError(file, null, null, `no training example (${shape}): a training example needs 2 clicks left for training; ${rule}`);
  if (split.valid.length === 0) throw new DatasetError(file, null, null, `no validation user (${shape}): ${rule}`);
  if (split.test.length === 0) throw new DatasetError(file, null, null, `no test user (${shape}): ${rule}`);
}
