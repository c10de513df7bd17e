import { OBJECTIVE_NAMES, type ObjectiveName } from './objectives';
import { BenchArgError, parseIntFlag, parseList } from './list-option';
import { DEFAULT_WORKLOAD, SETTINGS, type Setting, VARIANTS, type Variant, type WorkloadShape } from './workload-config';

/** The scenarios (sub-commands) of `clrec-bench`. */
export const SCENARIOS = ['throughput', 'efficiency', 'sampling', 'retrieval', 'pgvector', 'serve-load', 'paper', 'shift', 'u2u', 'encoders', 'label-features'] as const;

/** Backends `--backend` accepts (as in the trainer). */
export const BACKENDS = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

/** Catalog sizes of `clrec-bench throughput --sweep` (10k → 1M items). */
export const SWEEP_CATALOGS: readonly number[] = Object.freeze([10_000, 100_000, 1_000_000]);

/** Validated arguments of `clrec-bench throughput` (alias `efficiency`). */
export interface EfficiencyArgs {
  shape: WorkloadShape;
  settings: Setting[];
  variants: Variant[];
  /** Catalog sizes: `[--catalog]`, or the sweep's (`--sweep`, `--catalogs`). */
  catalogs: number[];
  steps: number;
  warmup: number;
  peer: boolean;
  /**
   * `--peer-threads`: torch thread counts to run the peer at (0 stands for all cores); empty = the
   * default, 1 and all cores (see `peerThreadCounts`).
   */
  peerThreads: number[];
  peerScript?: string;
  python?: string;
  out: string;
  backend: (typeof BACKENDS)[number];
  optimizer: 'lazy' | 'dense';
  dedupe: boolean;
}

/** Validated arguments of `clrec-bench sampling`. */
export interface SamplingArgs {
  data: string;
  epochs: number;
  objectives: ObjectiveName[];
  out: string;
  maxEvalUsers: number;
  backend: (typeof BACKENDS)[number];
}

/** Parsed flags as commander hands them to an action (camelCase keys). */
export type CliFlags = Record<string, string | boolean | undefined>;
const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

function parseBackend(raw: string | undefined): (typeof BACKENDS)[number] {
  return parseList('--backend', raw ?? 'auto', BACKENDS)[0];
}

/**
 * Parses `--peer-threads`: a comma-separated list of torch thread counts (`4`, `1,2`; 0 = all cores),
 * duplicates dropped, order kept. Absent: `[]` (the default, 1 and all cores).
 */
export function parsePeerThreads(raw: string | undefined): number[] {
  if (raw === undefined) return [];
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new BenchArgError('--peer-threads: empty list; give torch thread counts, e.g. 1,2 (0 = all cores)');
  return [...new Set(items.map((s) => parseIntFlag('--peer-threads', s, 0, 0)))];
}

/**
 * Validates `throughput` / `efficiency` flags (as commander hands them over, camelCase keys). Errors
 * are {@link BenchArgError}s naming the flag and listing valid values.
 * @param defaultSettings settings when `--settings` is absent (`throughput`: features, as WORKLOAD.md's peer default)
 */
export function parseEfficiencyArgs(flags: CliFlags, defaultSettings: readonly Setting[] = SETTINGS): EfficiencyArgs {
  const optimizer = parseList('--optimizer', str(flags.optimizer) ?? 'lazy', ['lazy', 'dense'] as const);
  if (optimizer.length !== 1) throw new BenchArgError('--optimizer: give one of lazy, dense');
  const catalog = parseIntFlag('--catalog', str(flags.catalog), DEFAULT_WORKLOAD.catalog, 1);
  let catalogs = [catalog];
  const list = str(flags.catalogs);
  if (list !== undefined) {
    catalogs = list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => parseIntFlag('--catalogs', s, 0, 1));
    if (catalogs.length === 0) throw new BenchArgError('--catalogs: empty list; give catalog sizes, e.g. 10000,100000,1000000');
  } else if (flags.sweep === true) catalogs = [...SWEEP_CATALOGS];
  return {
    shape: { ...DEFAULT_WORKLOAD, catalog, seed: parseIntFlag('--seed', str(flags.seed), DEFAULT_WORKLOAD.seed, 0) },
    catalogs,
    settings: str(flags.settings) === undefined ? [...defaultSettings] : parseList('--settings', str(flags.settings), SETTINGS),
    variants: parseList('--variants', str(flags.variants), VARIANTS),
    steps: parseIntFlag('--steps', str(flags.steps), 30, 1),
    warmup: parseIntFlag('--warmup', str(flags.warmup), 5, 0),
    peer: flags.peer === true,
    peerThreads: parsePeerThreads(str(flags.peerThreads)),
    peerScript: str(flags.peerScript),
    python: str(flags.python),
    out: str(flags.out) ?? 'bench-results',
    backend: parseBackend(str(flags.backend)),
    optimizer: optimizer[0],
    dedupe: flags.dedupe !== false,
  };
}

/** Validates `sampling` flags; `--data` is required. */
export function parseSamplingArgs(flags: CliFlags): SamplingArgs {
  const data = str(flags.data);
  if (!data) throw new BenchArgError('--data: required (a dataset path, e.g. ../shared/datasets/amazon-5core/Beauty.txt, or sim)');
  return {
    data,
    epochs: parseIntFlag('--epochs', str(flags.epochs), 3, 1),
    objectives: parseList('--objectives', str(flags.objectives), OBJECTIVE_NAMES),
    out: str(flags.out) ?? 'bench-results',
    maxEvalUsers: parseIntFlag('--max-eval-users', str(flags.maxEvalUsers), 0, 0),
    backend: parseBackend(str(flags.backend)),
  };
}
