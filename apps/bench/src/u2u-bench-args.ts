import type { TrainConfig } from '@clrec/training/node';
import { BACKENDS, type CliFlags } from './cli-args';
import { BenchArgError, parseIntFlag, parseList } from './list-option';
import { configOverrides, parseSeeds } from './shift-args';
import { U2U_ARMS, type U2uArm } from './u2u-bench';

/** Validated arguments of `clrec-bench u2u`. */
export interface U2uBenchArgs {
  data: string;
  epochs: number;
  arms: U2uArm[];
  seeds: number[];
  u2uWeight: number;
  maxEvalUsers: number;
  /** Trainer config overrides (`--config` file). */
  overrides: Partial<TrainConfig>;
  out: string;
  backend: (typeof BACKENDS)[number];
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Validates `u2u` flags; `--data` is required. Defaults: 20 epochs (early stopping after 3 without
 * validation gain), arms u2i,u2u, seed 42, u2u weight 1, all test users, out `bench-results/u2u`.
 */
export function parseU2uBenchArgs(flags: CliFlags): U2uBenchArgs {
  const data = str(flags.data);
  if (!data) throw new BenchArgError('--data: required (a dataset path, e.g. ../shared/datasets/amazon-5core/Beauty.txt or ../shared/datasets/ml-100k)');
  const w = str(flags.u2uWeight) === undefined ? 1 : Number(flags.u2uWeight);
  if (!(Number.isFinite(w) && w > 0)) throw new BenchArgError(`--u2u-weight: a number > 0, got "${String(flags.u2uWeight)}"`);
  return {
    data,
    epochs: parseIntFlag('--epochs', str(flags.epochs), 20, 1),
    arms: parseList('--arms', str(flags.arms), Object.keys(U2U_ARMS) as U2uArm[]),
    seeds: parseSeeds(str(flags.seeds), [42]),
    u2uWeight: w,
    maxEvalUsers: parseIntFlag('--max-eval-users', str(flags.maxEvalUsers), 0, 0),
    overrides: configOverrides(flags),
    out: str(flags.out) ?? 'bench-results/u2u',
    backend: parseList('--backend', str(flags.backend) ?? 'auto', BACKENDS)[0],
  };
}
