import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tinyRun } from './test-setup';

const run = promisify(execFile);
const CLI = resolve(__dirname, '..', 'dist', 'cli.js');
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** `clrec train` on the tiny file into `out` with extra environment; returns the stderr log. */
async function trainTiny(data: string, out: string, env: Record<string, string>): Promise<string> {
  const args = ['train', '--data', data, '--preset', 'default', '--epochs', '2', '--batch-size', '32', '--dim', '16', '--max-len', '10',
    '--checkpoint-every', '0', '--patience', '0', '--backend', 'wasm', '--deterministic', '--out', out];
  const r = await run(process.execPath, [CLI, ...args], { timeout: 120_000, env: { ...process.env, ...env } });
  return r.stderr;
}

describe('reproducibility: the same command gives the same bits idle and under load', () => {
  it('bit-identical weights with every product multi-threaded on an idle machine and single-threaded beside two busy processes', async () => {
    const { dir, config } = tinyRun();
    // idle, and every product split across all threads (no flop threshold)
    const a = await trainTiny(config.data, join(dir, 'idle'), { CLREC_NATIVE_MT_FLOPS: '0' });
    // loaded: two processes spinning on the cores, and the products on one thread
    const burners = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    let b: string;
    try {
      b = await trainTiny(config.data, join(dir, 'loaded'), { CLREC_NATIVE_THREADS: '1' });
    } finally {
      for (const p of burners) p.kill('SIGKILL');
    }
    expect(a).toMatch(/backend: wasm/);
    expect(b).toMatch(/backend: wasm/);
    for (const f of ['checkpoints/last/weights.bin', 'checkpoints/best/weights.bin', 'item-embeddings.bin']) {
      expect(sha(join(dir, 'loaded', f)), f).toBe(sha(join(dir, 'idle', f)));
    }
    const ra = JSON.parse(readFileSync(join(dir, 'idle', 'results.json'), 'utf8'));
    const rb = JSON.parse(readFileSync(join(dir, 'loaded', 'results.json'), 'utf8'));
    expect(rb.metrics).toEqual(ra.metrics);
  });
});
