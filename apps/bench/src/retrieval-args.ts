import { availableParallelism } from 'node:os';
import type { CliFlags } from './cli-args';
import { BenchArgError, parseIntFlag, parseList } from './list-option';
import { RETRIEVAL_DATASETS, type RetrievalDataset, type RetrievalOptions } from './retrieval';
import type { HnswBuild } from './retrieval-measure';

/** Validated arguments of `clrec-bench retrieval`: the scenario's options as flags give them. */
export interface RetrievalArgs extends Omit<RetrievalOptions, 'trained' | 'targets' | 'out' | 'backend' | 'progress'> {
  /** A `clrec train` output directory (item embeddings + checkpoint) for the trained catalogs. */
  run?: string;
  out: string;
  backend: string;
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

function intList(flag: string, raw: string | undefined, fallback: number[], min: number): number[] {
  if (raw === undefined) return fallback;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new BenchArgError(`${flag}: empty list`);
  return items.map((s) => parseIntFlag(flag, s, 0, min));
}

function positiveNumber(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new BenchArgError(`${flag}: must be a number > 0, got "${raw}"`);
  return v;
}

/** Parses `--hnsw M:efC[,M:efC...]` (`none`: exact search only). */
function parseBuilds(raw: string | undefined): HnswBuild[] {
  if (raw === undefined) return [{ connectivity: 16, expansionAdd: 128 }, { connectivity: 32, expansionAdd: 200 }];
  if (raw.trim() === 'none') return [];
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^(\d+):(\d+)$/.exec(s);
    if (!m || Number(m[1]) < 2 || Number(m[2]) < 1) throw new BenchArgError(`--hnsw: "${s}" is not M:efConstruction with M >= 2 and efConstruction >= 1 (e.g. 16:128,32:200)`);
    return { connectivity: Number(m[1]), expansionAdd: Number(m[2]) };
  });
}

/**
 * Validates `retrieval` flags. Datasets default to clustered and uniform, plus trained and
 * trained-expanded when `--run` names a trained run.
 */
export function parseRetrievalArgs(flags: CliFlags): RetrievalArgs {
  const run = str(flags.run);
  const datasets = parseList('--datasets', str(flags.datasets) ?? (run ? undefined : 'clustered,uniform'), RETRIEVAL_DATASETS);
  if (!run && datasets.some((d) => d.startsWith('trained'))) {
    throw new BenchArgError('--datasets: trained and trained-expanded need --run <dir> (a `clrec train` output directory with item-embeddings.bin and checkpoints/)');
  }
  const cores = availableParallelism();
  return {
    datasets,
    sizes: intList('--sizes', str(flags.sizes), [100_000, 1_000_000], 1),
    dim: parseIntFlag('--dim', str(flags.dim), 64, 1),
    k: parseIntFlag('--k', str(flags.k), 50, 1),
    queries: parseIntFlag('--queries', str(flags.queries), 1000, 1),
    exactSingleQueries: parseIntFlag('--exact-single-queries', str(flags.exactSingleQueries), 100, 1),
    hnswSingleQueries: parseIntFlag('--hnsw-single-queries', str(flags.hnswSingleQueries), 1000, 1),
    builds: parseBuilds(str(flags.hnsw)),
    efs: intList('--ef', str(flags.ef), [64, 128, 256], 1),
    buildThreads: parseIntFlag('--build-threads', str(flags.buildThreads), cores, 1),
    searchThreads: parseIntFlag('--search-threads', str(flags.searchThreads), cores, 1),
    centres: parseIntFlag('--centres', str(flags.centres), 2000, 1),
    spread: positiveNumber('--spread', str(flags.spread), 0.1),
    expandNoise: positiveNumber('--expand-noise', str(flags.expandNoise), 0.05),
    seed: parseIntFlag('--seed', str(flags.seed), 7, 0),
    run,
    out: str(flags.out) ?? 'bench-results',
    backend: str(flags.backend) ?? 'auto',
  };
}
