import { join } from 'node:path';
import type { MachineInfo } from './machine';
import { formatDuration } from './progress';

/** Fields every arms × seeds report shares (`shift.json`, `u2u.json`). */
export interface SeededArmsReport<Run, Summary> {
  tool: 'clrec-bench';
  createdAt: string;
  machine: MachineInfo;
  backend: string;
  dataset: { path: string; name: string; numUsers: number; numItems: number; interactions: number };
  /** Trainer settings shared by every arm (recorded, not re-applied). */
  config: Record<string, unknown>;
  seeds: number[];
  runs: Run[];
  /** Per arm: mean and sample std over seeds. */
  summary: Summary[];
  failed: { arm: string; seed: number; error: string }[];
  wallSeconds: number;
}

/** A share as a percentage with two decimals, `n/a` when not finite. */
export const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : 'n/a');

/** A table cell of a mean over `seeds` runs: `12.34% ± 0.56` (std in points), or just the value for one seed. */
export const meanStdCell = (m: { mean: number; std: number }, seeds: number): string =>
  (seeds > 1 ? `${pct(m.mean)} ± ${(100 * m.std).toFixed(2)}` : pct(m.mean));

/** Options of {@link forEachArmAndSeed}. */
export interface ArmsLoopOptions<A extends string> {
  arms: readonly A[];
  seeds: readonly number[];
  /** Parent of the run directories `<prefix>-<arm>-seed<seed>`. */
  out: string;
  prefix: string;
  label: (arm: A) => string;
  log: (line: string) => void;
  /** Where failures are recorded (a failing run never stops the others). */
  failed: { arm: string; seed: number; error: string }[];
  /** Called after every run, failed or not (the scenarios rewrite their JSON + Markdown there). */
  after: () => void;
}

/**
 * Runs `body` for every seed × arm (seeds outer, so a partial report compares arms on the same seeds),
 * with a progress line and ETA per run, recording failures instead of throwing.
 */
export async function forEachArmAndSeed<A extends string>(
  opts: ArmsLoopOptions<A>,
  body: (arm: A, seed: number, runDir: string) => Promise<void>,
): Promise<void> {
  const start = Date.now();
  const total = opts.arms.length * opts.seeds.length;
  let done = 0;
  for (const seed of opts.seeds) {
    for (const arm of opts.arms) {
      const runDir = join(opts.out, `${opts.prefix}-${arm}-seed${seed}`);
      const elapsed = (Date.now() - start) / 1000;
      const eta = done > 0 ? `  (ETA all runs ${formatDuration((elapsed / done) * (total - done))})` : '';
      opts.log(`\n[${done + 1}/${total}] ${opts.label(arm)}, seed ${seed} -> ${runDir}${eta}`);
      try {
        await body(arm, seed, runDir);
      } catch (e) {
        opts.failed.push({ arm, seed, error: (e as Error).message });
        opts.log(`${arm} seed ${seed}: failed: ${(e as Error).message}`);
      }
      done++;
      opts.after();
    }
  }
}
