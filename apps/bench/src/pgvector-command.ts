import { Command, Option } from 'commander';
import { initBackend } from '@clrec/backend/node';
import { BACKENDS } from './cli-args';
import { runPgvectorBench } from './pgvector-bench';
import { parsePgvectorBenchArgs } from './pgvector-bench-args';
import { formatPgvectorBuildTable, formatPgvectorSearchTable } from './pgvector-report';
import { BenchProgress } from './progress';

/** Log lines go to stderr so stdout carries only the result tables. */
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `clrec-bench pgvector`: a PostgreSQL + pgvector HNSW table (embedded PGlite by default, or
 * `--connection postgres://…`) next to usearch HNSW and the exact scan on clustered vectors: build time,
 * recall@K and single / batched query latency per ef_search. Writes pgvector.json + pgvector.md.
 */
export function pgvectorCommand(): Command {
  return new Command('pgvector')
    .description('PostgreSQL + pgvector HNSW (embedded PGlite or a server) next to usearch HNSW: build time, recall@K vs exact, single and batched query latency, on clustered vectors.')
    .option('--sizes <list>', 'catalog sizes (default 100000; 1000000 takes long in PGlite: measure 100000 first)')
    .option('--dim <n>', 'vector width (default 64)')
    .option('--k <n>', 'top-K (default 50)')
    .option('--queries <n>', 'queries per catalog for recall and batched timing (default 500)')
    .option('--single-queries <n>', 'searches timed one query at a time per setting (default 300)')
    .option('--exact-single-queries <n>', 'exact searches timed one at a time (default 20)')
    .option('--batch-size <n>', 'queries per batched pgvector call (default 32)')
    .option('--m <n>', 'pgvector HNSW m (default 16)')
    .option('--ef-construction <n>', 'pgvector HNSW ef_construction (default 64)')
    .option('--ef <list>', 'ef_search values measured, also usearch ef (default 40,100,200; at most 1000)')
    .option('--usearch <list>', 'usearch builds to compare as M:efConstruction, or none (default 16:128)')
    .option('--usearch-threads <n>', 'usearch build and batched-search threads (default 1: the machine is shared)')
    .option('--connection <url>', 'where to build the table: postgres://user:pass@host/db, pglite:DIR (default: embedded PGlite in memory)')
    .option('--maintenance-work-mem <size>', 'maintenance_work_mem for CREATE INDEX, e.g. 1GB (default 512MB in PGlite, the server\'s otherwise)')
    .option('--centres <n>', 'Gaussian centres of the clustered catalog (default 2000)')
    .option('--spread <x>', 'per-coordinate sd around a centre (default 0.1)')
    .option('--seed <n>', 'seed of the vectors (default 7)')
    .addOption(new Option('--backend <name>', 'compute backend of the exact ground truth').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', 'output directory for pgvector.json / pgvector.md (default bench-results)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const args = parsePgvectorBenchArgs(flags);
      const backend = await initBackend({ prefer: args.backend as (typeof BACKENDS)[number], log });
      const report = await runPgvectorBench({
        ...args, backend: { name: backend.name, threads: backend.threads }, progress: new BenchProgress(),
        command: ['clrec-bench', ...process.argv.slice(2)].join(' '),
      });
      process.stdout.write(`${formatPgvectorBuildTable(report)}\n\n${formatPgvectorSearchTable(report)}\n`);
    });
}
