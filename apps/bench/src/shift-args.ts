import { readConfigFile, type TrainConfig } from '@clrec/training/node';
import { BACKENDS, type CliFlags } from './cli-args';
import { BenchArgError, parseIntFlag, parseList } from './list-option';
import { SHIFT_ARMS, type ShiftArm } from './shift';
import { DEFAULT_UTC_OFFSET_HOURS } from './shift-split';

/** Validated arguments of `clrec-bench shift`. */
export interface ShiftArgs {
  data: string;
  epochs: number;
  arms: ShiftArm[];
  seeds: number[];
  utcOffsetHours: number;
  /** Extra row: Multi-CLRec served with its top-K intention vectors (0 = off). */
  serveIntentions: number;
  /** Trainer config overrides: `--config` file, then `--intentions`. */
  overrides: Partial<TrainConfig>;
  out: string;
  backend: (typeof BACKENDS)[number];
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Parses `--seeds 1,2,3` (non-negative integers, at least one). */
export function parseSeeds(raw: string | undefined, fallback: number[]): number[] {
  if (raw === undefined) return fallback;
  const seeds = raw.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (seeds.length === 0 || !seeds.every((s) => Number.isInteger(s) && s >= 0)) throw new BenchArgError(`--seeds: a comma-separated list of integers >= 0, got "${raw}"`);
  return [...new Set(seeds)];
}

/** Reads `--config <file>` (JSON/YAML trainer settings) into overrides, or {} without the flag. */
export function configOverrides(flags: CliFlags): Partial<TrainConfig> {
  const file = str(flags.config);
  return file ? (readConfigFile(file) as Partial<TrainConfig>) : {};
}

/**
 * Validates `shift` flags; `--data` is required (a timestamped dataset). Defaults: 20 epochs (early
 * stopping after 3 without validation gain, the trainer's), arms clrec,multi-clrec, seed 42,
 * UTC−6, an extra Multi-CLRec row served with its top-4 intention vectors, out `bench-results/shift`.
 */
export function parseShiftArgs(flags: CliFlags): ShiftArgs {
  const data = str(flags.data);
  if (!data) throw new BenchArgError('--data: required (a dataset with timestamps, e.g. ../shared/datasets/ml-100k)');
  const offset = str(flags.utcOffsetHours) === undefined ? DEFAULT_UTC_OFFSET_HOURS : Number(flags.utcOffsetHours);
  if (!(Number.isFinite(offset) && offset >= -12 && offset <= 14)) throw new BenchArgError(`--utc-offset-hours: a number in [-12, 14], got "${String(flags.utcOffsetHours)}"`);
  const overrides = configOverrides(flags);
  if (flags.intentions !== undefined) overrides.intentions = parseIntFlag('--intentions', str(flags.intentions), 16, 1);
  return {
    data,
    epochs: parseIntFlag('--epochs', str(flags.epochs), 20, 1),
    arms: parseList('--arms', str(flags.arms), Object.keys(SHIFT_ARMS) as ShiftArm[]),
    seeds: parseSeeds(str(flags.seeds), [42]),
    utcOffsetHours: offset,
    serveIntentions: parseIntFlag('--serve-intentions', str(flags.serveIntentions), 4, 0),
    overrides,
    out: str(flags.out) ?? 'bench-results/shift',
    backend: parseList('--backend', str(flags.backend) ?? 'auto', BACKENDS)[0],
  };
}
