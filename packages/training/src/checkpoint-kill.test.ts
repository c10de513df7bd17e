import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDirWithFallback } from './atomic-write';
import { type LoadedCheckpoint, loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint';
import type { ModelOptions } from './model';

// the child saves with the built package (turbo builds before testing): check it is not older than the sources
const DIST = resolve(__dirname, '..', 'dist', 'node.js');
const SAVER = resolve(__dirname, '..', 'test', 'checkpoint-saver.mjs');
const SOURCES = ['atomic-write.ts', 'stale-temp.ts', 'checkpoint.ts', 'checkpoint-load.ts', 'checkpoint-verify.ts', 'checkpoint-manifest.ts'];
const FLOATS = 512 * 1024; // 2 MB of weights + 4 MB of Adam moments per save
const KILLS = 20;

const root = mkdtempSync(join(tmpdir(), 'clrec-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A running saver: its pid, the saves it reported, and a promise per awaited line. */
class Saver {
  readonly child: ChildProcess;
  saves = 0;
  private out = '';
  private pending = '';
  private waiters: { re: RegExp; done: () => void }[] = [];
  readonly exited: Promise<void>;

  constructor(dir: string, first: number, onSaved: (pid: number) => void) {
    this.child = spawn(process.execPath, [SAVER, dir, String(first), String(FLOATS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((r) => this.child.on('exit', () => r()));
    this.child.stderr!.on('data', (c) => (this.out += c));
    this.child.stdout!.on('data', (c: Buffer) => {
      const lines = (this.pending + String(c)).split('\n');
      this.pending = lines.pop()!;
      for (const line of lines) {
        this.out += `${line}\n`;
        if (line.startsWith('saved ')) {
          this.saves++;
          onSaved(this.child.pid!);
        }
      }
      this.waiters = this.waiters.filter((w) => !(w.re.test(this.out) && (w.done(), true)));
    });
  }

  /** Resolves once stdout has matched `re`; rejects after 20 s or when the child exits first. */
  waitFor(re: RegExp): Promise<void> {
    if (re.test(this.out)) return Promise.resolve();
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`saver printed no ${re} in 20 s:\n${this.out}`)), 20_000);
      this.waiters.push({ re, done: () => (clearTimeout(timer), res()) });
      void this.exited.then(() => rej(new Error(`saver exited early:\n${this.out}`)));
    });
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Temporaries in `dir` written by processes other than `live`. */
function orphans(dir: string, live?: number): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('.tmp-') && !f.endsWith(`-${live}`));
}

/** Checks a loaded checkpoint is one complete save k of the saver (no mix of two saves). */
function expectOneSave(ck: LoadedCheckpoint): void {
  const k = ck.manifest.state.globalStep;
  let bad = 0;
  for (let j = 0; j < FLOATS; j++) if (ck.weights[j] !== k * 1000 + (j % 1000)) bad++;
  for (const x of ck.optimizer!) if (x !== k) bad++;
  expect(bad).toBe(0);
  expect(readdirSync(ck.dir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
}

describe('checkpoints under kill -9', () => {
  it(`checkpoints/last stays loadable and verified across ${KILLS} kills at random moments; no orphaned temp survives the next save`, async () => {
    const dist = statSync(DIST, { throwIfNoEntry: false });
    const newest = Math.max(...SOURCES.map((f) => statSync(join(__dirname, f)).mtimeMs));
    if (!dist || dist.mtimeMs < newest) throw new Error(`${DIST} is missing or older than src/: run \`npm run build\` in packages/training first (turbo does before test)`);
    const parent = join(root, 'checkpoints');
    const last = join(parent, 'last');
    let everSaved = false;
    let killedMidSave = 0;
    const late: string[] = [];
    for (let run = 0; run < KILLS; run++) {
      let checked = false;
      const saver = new Saver(last, run * 100, (pid) => {
        everSaved = true;
        // right after this child's first completed save: no temp of any earlier (killed) writer is left
        if (!checked) late.push(...orphans(parent, pid).map((f) => `run ${run}: ${f}`));
        checked = true;
      });
      await saver.waitFor(run === 0 ? /saved / : /ready/);
      await new Promise((r) => setTimeout(r, Math.random() * 250));
      await saver.kill();
      if (orphans(parent).length) killedMidSave++;
      if (everSaved || resolveDirWithFallback(last)) expectOneSave(loadCheckpoint(last));
    }
    expect(late).toEqual([]);
    expect(killedMidSave).toBeGreaterThan(0); // the kills did land inside saves
    // one more save (this process): every orphan and the moved-aside copy are gone
    const values = new Float32Array(FLOATS).map((_, j) => 7000 + (j % 1000));
    const variable = { shape: [FLOATS], data: async () => values };
    const state = { globalStep: 7 } as TrainingState;
    const model: ModelOptions = {
      numItems: 3, dim: 4, similarity: 'cosine', item: { features: [], labelFeatures: true }, timeBuckets: 0, u2uKey: false,
      user: { kind: 'mean-mlp', maxLen: 5, positional: 'forward' },
    };
    await saveCheckpoint(last, { dataset: { name: 'kill-test', numUsers: 1, numItems: 3, interactions: 3 }, state, model }, [{ name: 'w', variable } as never], {
      step: 7, slots: [{ name: 'w', shape: [FLOATS / 2], m: new Float32Array(FLOATS / 2).fill(7), v: new Float32Array(FLOATS / 2).fill(7) }],
    });
    expect(readdirSync(parent)).toEqual(['last']);
    expectOneSave(loadCheckpoint(last));
  }, 60_000);
});
