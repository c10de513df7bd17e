import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from './checkpoint';
import { tinyRun } from './test-setup';
import { train } from './train';

const TRAINER = resolve(__dirname, '..', 'test', 'train-until-killed.mjs');
const DIST = resolve(__dirname, '..', 'dist', 'node.js');
const quiet = () => {};

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
});

/** The training state in `<dir>/checkpoint.json`, or null while there is none (or it is being replaced). */
function savedState(dir: string): { epoch: number; stepInEpoch: number } | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')).state;
  } catch {
    return null;
  }
}

describe('resume after kill -9', () => {
  it('a run killed mid-epoch resumes from checkpoints/last to the same results as an uninterrupted run', async () => {
    const dist = statSync(DIST, { throwIfNoEntry: false });
    if (!dist || dist.mtimeMs < statSync(join(__dirname, 'checkpoint.ts')).mtimeMs) {
      throw new Error(`${DIST} is missing or older than src/: run \`npm run build\` in packages/training first (turbo does before test)`);
    }
    const fullConfig = tinyRun({ epochs: 2 }).config;
    const full = await train({ config: fullConfig, backend: 'wasm', log: quiet });
    const { config } = tinyRun({ epochs: 2, checkpointEvery: 2 });
    const last = join(config.out, 'checkpoints', 'last');
    const child = spawn(process.execPath, [TRAINER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    let running = true;
    void exited.then(() => (running = false));
    // wait until epoch 2 has saved a mid-epoch checkpoint, then kill at a random moment soon after
    const started = Date.now();
    for (;;) {
      const s = savedState(last);
      if (s && s.epoch === 1 && s.stepInEpoch >= 2) break;
      if (!running) throw new Error(`the training child exited before it was killed:\n${out}`);
      if (Date.now() - started > 40_000) throw new Error(`no mid-epoch-2 checkpoint in 40 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, Math.random() * 40));
    child.kill('SIGKILL');
    await exited;
    expect(out).not.toContain('finished');
    const ck = loadCheckpoint(last);
    expect(ck.manifest.state.epoch).toBe(1);
    const resumed = await train({ config, resume: ck, backend: 'wasm', log: quiet });
    expect(resumed!.history.map((h) => h.loss)).toEqual(full!.history.map((h) => h.loss));
    expect(resumed!.metrics).toEqual(full!.metrics);
    // bit-identical weights, not only equal metrics
    for (const f of [['checkpoints', 'last', 'weights.bin'], ['checkpoints', 'best', 'weights.bin'], ['item-embeddings.bin']]) {
      expect(readFileSync(join(config.out, ...f)).equals(readFileSync(join(fullConfig.out, ...f))), f.join('/')).toBe(true);
    }
  }, 60_000);
});
