import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Setting, Variant, WorkloadShape } from './workload-config';

/** How to run the PyTorch peer (`shared/bench/peer_torch.py`). */
export interface PeerSetup {
  /** Python interpreter (Debian's `python3-torch` lives under `/usr/bin/python3`). */
  python: string;
  /** Path of `peer_torch.py`. */
  script: string;
  /**
   * Torch thread counts to run the peer at, in order (`--threads` and `OMP_NUM_THREADS`); every cell
   * runs the peer once per count and is compared with the fastest (see {@link peerThreadCounts}).
   */
  threads: number[];
}

/** What one peer run reported (its JSON line). */
export interface PeerResult {
  examplesPerSecond: number;
  stepMs: number;
  threads: number;
  torch: string;
  loss: number;
}

/** The default interpreter: `/usr/bin/python3` when present, else `python3` from PATH. */
export function defaultPython(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/**
 * Finds `peer_torch.py`: an explicit path, else `$CLREC_SHARED_DIR/bench/peer_torch.py`, else
 * `shared/bench/peer_torch.py` in the working directory or any parent. Null when none exists.
 */
export function findPeerScript(explicit?: string, cwd = process.cwd()): string | null {
  if (explicit) return existsSync(explicit) ? resolve(explicit) : null;
  const shared = process.env.CLREC_SHARED_DIR;
  if (shared && existsSync(join(shared, 'bench', 'peer_torch.py'))) return resolve(shared, 'bench', 'peer_torch.py');
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const p = join(dir, 'shared', 'bench', 'peer_torch.py');
    if (existsSync(p)) return p;
    if (dirname(dir) === dir) return null;
  }
}

/** The torch version importable by `python`, or null (with the reason in `error`). */
export function torchVersion(python: string): { version: string | null; error?: string } {
  const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return { version: null, error: r.error.message };
  if (r.status !== 0) return { version: null, error: (r.stderr || '').trim().split('\n').pop() ?? `exit ${r.status}` };
  return { version: r.stdout.trim() };
}

/** `peer_torch.py` arguments for the same shapes, setting and variant as our run. */
export function peerArgs(shape: WorkloadShape, setting: Setting, variant: Variant, steps: number, warmup: number, threads: number): string[] {
  const args = [
    '--items', shape.catalog, '--dim', shape.dim, '--seq-len', shape.seqLen, '--heads', shape.heads, '--batch', shape.batch,
    '--queue', shape.queue, '--features', setting === 'plain' ? 0 : shape.featureVocabs.length, '--variant', variant,
    '--steps', steps, '--warmup', warmup, '--threads', threads, '--seed', shape.seed,
  ].map(String);
  if (setting === 'rich-label') args.push('--rich-label');
  return args;
}

/** Parses the peer's JSON result line (the last stdout line holding `"peer"`). */
export function parsePeerOutput(stdout: string): PeerResult {
  const line = stdout.split('\n').reverse().find((l) => l.includes('"peer"'));
  if (!line) throw new Error(`peer: no JSON result line in its output: ${stdout.slice(-300)}`);
  const j = JSON.parse(line) as Record<string, unknown>;
  const eps = Number(j.pos_per_s);
  if (!Number.isFinite(eps)) throw new Error(`peer: result has no pos_per_s: ${line}`);
  return { examplesPerSecond: eps, stepMs: Number(j.step_ms), threads: Number(j.threads), torch: String(j.torch), loss: Number(j.loss) };
}

/**
 * The peer's thread counts: the `--peer-threads` list when given (0 = all cores; duplicates dropped,
 * order kept), else 1 and all `cores` (just 1 on a one-core machine), as WORKLOAD.md asks: torch is
 * sometimes faster on one thread than on all cores of a small machine, so both are measured and the
 * faster one counts.
 * @param requested `--peer-threads` values (empty: the default)
 * @param cores logical cores of the machine
 */
export function peerThreadCounts(requested: readonly number[], cores: number): number[] {
  const all = Math.max(1, cores);
  const list = requested.length > 0 ? requested.map((t) => (t === 0 ? all : t)) : [1, all];
  return [...new Set(list)];
}

/**
 * The fastest of a cell's peer measurements (highest examples/s; the first on a tie), or null when
 * there is none.
 */
export function bestPeerRun<T extends { examplesPerSecond: number }>(runs: readonly T[]): T | null {
  let best: T | null = null;
  for (const r of runs) if (best === null || r.examplesPerSecond > best.examplesPerSecond) best = r;
  return best;
}

/**
 * Runs the peer once at `threads` torch threads (`OMP_NUM_THREADS` and friends; `args` should carry
 * the same `--threads`) and returns its result; rejects on a non-zero exit or after `timeoutMs`.
 */
export function runPeer(setup: Pick<PeerSetup, 'python' | 'script'>, args: string[], threads: number, timeoutMs = 20 * 60_000): Promise<PeerResult> {
  const t = String(threads);
  const env = { ...process.env, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(setup.python, [setup.script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`peer: cannot start ${setup.python}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`peer: ${setup.python} ${setup.script} exited with ${signal ?? code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
        return;
      }
      try {
        resolvePromise(parsePeerOutput(out));
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}
