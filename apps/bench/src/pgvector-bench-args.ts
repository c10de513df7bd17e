import type { CliFlags } from './cli-args';
import { BenchArgError, parseIntFlag } from './list-option';
import type { PgvectorBenchOptions } from './pgvector-bench';
import type { HnswBuild } from './retrieval-measure';

/** Validated arguments of `clrec-bench pgvector`. */
export interface PgvectorBenchArgs extends Omit<PgvectorBenchOptions, 'backend' | 'progress' | 'out'> {
  out: string;
  backend: string;
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

function intList(flag: string, raw: string | undefined, fallback: number[], min: number, max = Number.MAX_SAFE_INTEGER): number[] {
  if (raw === undefined) return fallback;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new BenchArgError(`${flag}: empty list`);
  return items.map((s) => {
    const v = parseIntFlag(flag, s, 0, min);
    if (v > max) throw new BenchArgError(`${flag}: ${v} exceeds ${max}`);
    return v;
  });
}

/** `--usearch M:efC[,…]` or `none`. */
function parseUsearch(raw: string | undefined): HnswBuild[] {
  if (raw === undefined) return [{ connectivity: 16, expansionAdd: 128 }];
  if (raw.trim() === 'none') return [];
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^(\d+):(\d+)$/.exec(s);
    if (!m || Number(m[1]) < 2 || Number(m[2]) < 1) throw new BenchArgError(`--usearch: "${s}" is not M:efConstruction (e.g. 16:128), or none`);
    return { connectivity: Number(m[1]), expansionAdd: Number(m[2]) };
  });
}

/** Validates `pgvector` flags (defaults: 100k × 64 clustered, k 50, m 16 / ef_construction 64, ef_search 40,100,200, usearch 16:128 on one thread). */
export function parsePgvectorBenchArgs(flags: CliFlags): PgvectorBenchArgs {
  const m = parseIntFlag('--m', str(flags.m), 16, 2);
  const efConstruction = parseIntFlag('--ef-construction', str(flags.efConstruction), 64, 4);
  if (efConstruction < 2 * m) throw new BenchArgError(`--ef-construction: ${efConstruction} must be at least 2 × --m (${2 * m}), as pgvector requires`);
  const mem = str(flags.maintenanceWorkMem);
  if (mem !== undefined && !/^\d+\s*(kB|MB|GB)$/.test(mem)) throw new BenchArgError(`--maintenance-work-mem: "${mem}" is not like 512MB or 1GB`);
  const spread = str(flags.spread) === undefined ? 0.1 : Number(flags.spread);
  if (!(spread > 0)) throw new BenchArgError(`--spread: must be a number > 0, got "${String(flags.spread)}"`);
  return {
    sizes: intList('--sizes', str(flags.sizes), [100_000], 1),
    dim: parseIntFlag('--dim', str(flags.dim), 64, 1),
    k: parseIntFlag('--k', str(flags.k), 50, 1),
    queries: parseIntFlag('--queries', str(flags.queries), 500, 1),
    singleQueries: parseIntFlag('--single-queries', str(flags.singleQueries), 300, 1),
    exactSingleQueries: parseIntFlag('--exact-single-queries', str(flags.exactSingleQueries), 20, 1),
    batchSize: parseIntFlag('--batch-size', str(flags.batchSize), 32, 1),
    m, efConstruction,
    efs: intList('--ef', str(flags.ef), [40, 100, 200], 1, 1000),
    usearch: parseUsearch(str(flags.usearch)),
    usearchThreads: parseIntFlag('--usearch-threads', str(flags.usearchThreads), 1, 1),
    connection: str(flags.connection),
    maintenanceWorkMem: mem,
    centres: parseIntFlag('--centres', str(flags.centres), 2000, 1),
    spread,
    seed: parseIntFlag('--seed', str(flags.seed), 7, 0),
    out: str(flags.out) ?? 'bench-results',
    backend: str(flags.backend) ?? 'auto',
  };
}
