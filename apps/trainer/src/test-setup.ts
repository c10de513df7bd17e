import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
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

const run = promisify(execFile);
/** The built CLI (`dist/cli.js`) the end-to-end tests run. */
export const CLI = resolve(__dirname, '..', 'dist', 'cli.js');

/** Runs the built CLI (tests only); resolves with the exit code and the output instead of throwing. */
export async function clrec(args: string[]): Promise<{ code: number; out: string; stdout: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { timeout: 120_000 });
    return { code: 0, out: r.stdout + r.stderr, stdout: r.stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, out: (err.stdout ?? '') + (err.stderr ?? ''), stdout: err.stdout ?? '' };
  }
}
