import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '@clrec/datasets';
import { DEFAULT_CONFIG, type Model, saveCheckpoint, type TrainConfig, type TrainingState, train } from '@clrec/training/node';

/** A fresh temporary directory (tests only). */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'clrec-export-'));
}

/**
 * Trains a tiny model for one epoch with `clrec train`'s runner on a simulated CSV with timestamps and
 * a categorical item feature; returns the run directory and the resolved recipe (tests only).
 */
export async function trainedRun(dir: string, overrides: Partial<TrainConfig> = {}): Promise<{ run: string; config: TrainConfig }> {
  const { dataset } = simulate({ seed: 5, numUsers: 150, numItems: 80, numCategories: 4, meanClicks: 10 });
  const cat = dataset.itemFeatures[0].values;
  const rows = ['user,item,ts,category'];
  dataset.sequences.forEach((s, u) => s.forEach((it, k) => rows.push(`u${u},i${it},${dataset.timestamps![u][k]},c${cat[it]}`)));
  const data = join(dir, 'tiny.csv');
  writeFileSync(data, `${rows.join('\n')}\n`);
  const run = join(dir, 'run');
  const config: TrainConfig = {
    ...DEFAULT_CONFIG, data, csvColumns: 'user=user,item=item,timestamp=ts,features=category', epochs: 1, batchSize: 32, queueSize: 96,
    dim: 16, heads: 2, hidden: 16, maxLen: 10, out: run, checkpointEvery: 0, patience: 0, backend: 'wasm', ...overrides,
  };
  const res = await train({ config, backend: 'wasm', log: () => {} });
  return { run, config: res!.config };
}

/** Saves `model` as a format-3 checkpoint with raw ids `item1..itemN` (tests only); returns its directory. */
export async function savedCheckpoint(model: Model, dir: string): Promise<string> {
  const n = model.options.numItems;
  const state = { epoch: 3, stepInEpoch: 0, globalStep: 42, history: [], best: null, sinceBest: 0 } as unknown as TrainingState;
  await saveCheckpoint(dir, {
    dataset: { name: 'random', numUsers: 10, numItems: n, interactions: 100 }, state, model: model.options,
    itemIds: ['', ...Array.from({ length: n }, (_, i) => `item${i + 1}`)],
  }, model.params, null);
  return dir;
}
