import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate, writeSequenceFile } from '@clrec/datasets/node';
import { DEFAULT_CONFIG, type TrainConfig } from '@clrec/training';

/** A small simulated dataset written to a temp sequence file, and a fast config to train on it (tests only). */
export function tinyRun(overrides: Partial<TrainConfig> = {}): { dir: string; config: TrainConfig } {
  const dir = mkdtempSync(join(tmpdir(), 'clrec-trainer-'));
  const { dataset } = simulate({ seed: 3, numUsers: 300, numItems: 150, numCategories: 6, meanClicks: 12 });
  const data = join(dir, 'tiny.txt');
  writeSequenceFile(dataset, data);
  const config: TrainConfig = {
    ...DEFAULT_CONFIG, data, epochs: 2, batchSize: 32, queueSize: 96, dim: 16, heads: 2, hidden: 16, maxLen: 10,
    out: join(dir, 'run'), checkpointEvery: 0, patience: 0, backend: 'wasm', ...overrides,
  };
  return { dir, config };
}
