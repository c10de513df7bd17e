import { Command, Option } from 'commander';
import { initBackend } from '@clrec/backend/node';
import { BACKENDS, parseSamplingArgs, SCENARIOS } from './cli-args';
import { BenchArgError } from './list-option';
import { OBJECTIVE_NAMES } from './objectives';
import { BenchProgress } from './progress';
import { runPaper } from './paper';
import { parsePaperArgs } from './paper-args';
import { DEFAULT_PAPER_MODELS, PAPER_MODEL_NAMES } from './paper-models';
import { runSampling } from './sampling';
import { throughputCommand } from './throughput-command';
import { formatSamplingTable } from './sampling-report';
import { runRetrieval } from './retrieval';
import { parseRetrievalArgs } from './retrieval-args';
import { formatExactTable, formatHnswTable } from './retrieval-report';
import { loadTrainedSet } from './retrieval-trained';
import { runServeLoad } from './serve-load';
import { parseServeLoadArgs } from './serve-load-args';
import { formatServeLoadTable } from './serve-load-report';
import { SETTINGS } from './workload-config';
import { runShift } from './shift';
import { parseShiftArgs } from './shift-args';
import { formatShiftTable } from './shift-report';
import { runU2uBench } from './u2u-bench';
import { parseU2uBenchArgs } from './u2u-bench-args';
import { formatU2uTable } from './u2u-bench-report';
import { encoderBenchCommands } from './encoder-commands';
import { pgvectorCommand } from './pgvector-command';

/** Log lines go to stderr so stdout carries only the result tables. */
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Builds the `clrec-bench` program: `efficiency` (training throughput, ours vs the PyTorch peer) and
 * `sampling` (objectives compared on a dataset). Flags are validated before any work starts; an unknown
 * scenario or value is an error listing the valid ones.
 */
export function buildProgram(): Command {
  const program = new Command('clrec-bench')
    .description('CLRec benchmarks: training throughput (throughput, alias efficiency), sampling objectives (sampling), top-K retrieval (retrieval), serving load (serve-load).')
    .showHelpAfterError();
  program.on('command:*', (operands: string[]) => {
    throw new BenchArgError(`unknown scenario "${operands[0]}"; valid scenarios: ${SCENARIOS.join(', ')}`);
  });

  program.addCommand(throughputCommand('throughput', ['features']));
  program.addCommand(throughputCommand('efficiency', SETTINGS));

  program
    .command('sampling')
    .description('Train the same encoder with each sampling objective (via the clrec trainer) and compare HR@50, NDCG@10, top-50 diversity, ex/s.')
    .option('--data <path>', 'dataset (any format `clrec train` reads), e.g. ../shared/datasets/amazon-5core/Beauty.txt')
    .option('--epochs <n>', 'epochs per objective (default 3)')
    .option('--objectives <list>', `comma-separated: ${OBJECTIVE_NAMES.join(', ')} (default all)`)
    .option('--max-eval-users <n>', 'evaluate a seeded sample of at most n users per split (default 0 = all)')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', 'output directory: sampling.json, sampling.md and one run directory per objective (default bench-results)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const args = parseSamplingArgs(flags);
      const backend = await initBackend({ prefer: args.backend, log });
      const report = await runSampling({
        data: args.data, epochs: args.epochs, objectives: args.objectives, out: args.out, maxEvalUsers: args.maxEvalUsers,
        backend: backend.name, progress: new BenchProgress(),
      });
      process.stdout.write(`${formatSamplingTable(report.rows, report.dataset.numItems)}\n`);
      if (report.failed.length) throw new Error(`${report.failed.length} objective(s) failed: ${report.failed.map((f) => f.objective).join(', ')}`);
    });

  program
    .command('retrieval')
    .description('Top-K retrieval: exact blocked-scan latency, HNSW build time, recall@K vs exact and p50/p99 per query, on clustered, uniform and trained item vectors.')
    .option('--datasets <list>', 'comma-separated: clustered, uniform, trained, trained-expanded (default clustered,uniform; all four with --run)')
    .option('--run <dir>', 'a `clrec train` output directory: its item embeddings are the trained catalog, its checkpoint encodes the query users')
    .option('--sizes <list>', 'catalog sizes of the synthetic and expanded catalogs (default 100000,1000000)')
    .option('--dim <n>', 'vector width of the synthetic catalogs (default 64)')
    .option('--k <n>', 'top-K (default 50)')
    .option('--queries <n>', 'queries per catalog for recall and batched timing (default 1000)')
    .option('--exact-single-queries <n>', 'exact searches timed one query at a time (default 100)')
    .option('--hnsw-single-queries <n>', 'HNSW searches timed one query at a time (default 1000)')
    .option('--hnsw <list>', 'graph builds as M:efConstruction, or none for exact search only (default 16:128,32:200)')
    .option('--ef <list>', 'search breadths ef measured on each graph (default 64,128,256)')
    .option('--build-threads <n>', 'HNSW insertion threads (default: all cores)')
    .option('--search-threads <n>', 'threads of the batched HNSW search (default: all cores)')
    .option('--centres <n>', 'Gaussian centres of the clustered catalog (default 2000)')
    .option('--spread <x>', 'per-coordinate sd around a centre (default 0.1)')
    .option('--expand-noise <x>', 'per-coordinate noise of the resampled rows of trained-expanded (default 0.05)')
    .option('--seed <n>', 'seed of the synthetic vectors and the query users (default 7)')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', 'output directory for retrieval.json / retrieval.md (default bench-results)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const args = parseRetrievalArgs(flags);
      const backend = await initBackend({ prefer: args.backend as (typeof BACKENDS)[number], log });
      const progress = new BenchProgress();
      const trained = args.run ? loadTrainedSet(args.run, args.queries, args.seed, (l) => progress.log(l)) : undefined;
      const report = await runRetrieval({
        ...args, trained, out: args.out, backend: { name: backend.name, threads: backend.threads }, progress,
        targets: { exactMsPerQuery: 50, recall: 0.95, p99Ms: 5 },
        command: ['clrec-bench', ...process.argv.slice(2)].join(' '),
      });
      process.stdout.write(`${formatExactTable(report)}\n\n${formatHnswTable(report)}\n`);
    });

  program
    .command('serve-load')
    .description('Load test of `clrec serve` on loopback: requests/s and p50/p99/max latency of POST /recommend at several concurrency levels.')
    .option('--checkpoint <dir>', 'run or checkpoint directory to serve (also the source of the request histories)')
    .option('--url <url>', 'hit this running server instead of starting one in-process, e.g. http://127.0.0.1:8080')
    .option('--index <list>', 'index kinds served in turn: exact, hnsw (default exact)')
    .option('--concurrency <list>', 'closed-loop clients, comma-separated levels (default 1,8,32)')
    .option('--requests <n>', 'measured requests per level (default 2000)')
    .option('--duration <s>', 'measure each level for s seconds instead of a request count')
    .option('--warmup <n>', 'unmeasured requests before each level (default 100)')
    .option('--k <n>', 'list length asked for (default 10)')
    .option('--bodies <n>', 'distinct request bodies from test users (default 1000)')
    .option('--seed <n>', 'seed of the user sample (default 7)')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', 'output directory for serve-load.json / serve-load.md (default bench-results)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const args = parseServeLoadArgs(flags);
      const backend = await initBackend({ prefer: args.backend as (typeof BACKENDS)[number], log });
      const report = await runServeLoad({ ...args, backend: { name: backend.name, threads: backend.threads }, progress: new BenchProgress() });
      process.stdout.write(`${formatServeLoadTable(report)}\n`);
      const failed = report.rows.reduce((a, r) => a + r.errors + Object.entries(r.statuses).filter(([s]) => s !== '200').reduce((b, [, c]) => b + c, 0), 0);
      if (failed) throw new Error(`serve-load: ${failed} request(s) failed or got a non-200 answer`);
    });
  program
    .command('paper')
    .description("Reproduce the paper's public-benchmark analyses on a dataset: train the compared models through the trainer, then write paper.md + paper.json + SVG plots (KDD Table 8 / Table 10 shapes, full ranking, popularity index, degree-bucket impressions).")
    .option('--data <path>', 'dataset (any format `clrec train` reads), e.g. ../shared/datasets/amazon-5core/Beauty.txt or ../shared/datasets/ml-100k')
    .option('--epochs <n>', 'maximum epochs per model (default 5)')
    .option('--models <list>', `comma-separated: ${PAPER_MODEL_NAMES.join(', ')} (default ${DEFAULT_PAPER_MODELS.join(',')})`)
    .option('--max-eval-users <n>', 'evaluate a seeded sample of at most n users per split (default 0 = all)')
    .option('--exclude-history [bool]', "leave each user's history out of the full ranking and the top-K lists (default true, the published protocol; reported)")
    .option('--select-metric <name>', 'validation metric choosing each checkpoint (default sampled-popularity:NDCG@10, the Table 8 protocol; e.g. NDCG@10 for full ranking)')
    .option('--config <file>', 'trainer config (JSON/YAML) applied to every model: encoder, dim, temperature, queueSize, …')
    .option('--clrec-priors <list>', 'also rank the trained CLRec model with these popularity-prior weights α (logits + α·log q(y); extra rows, no retraining), e.g. 0.5,1')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', 'output directory: paper.md, paper.json, *.svg, eval-negatives/, one run directory per model (default bench-results/paper)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const args = parsePaperArgs(flags);
      const backend = await initBackend({ prefer: args.backend, log });
      const report = await runPaper({
        data: args.data, epochs: args.epochs, models: args.models, out: args.out, maxEvalUsers: args.maxEvalUsers,
        excludeHistory: args.excludeHistory, selectMetric: args.selectMetric, configFile: args.configFile, clrecPriors: args.clrecPriors, backend: backend.name,
        command: ['clrec-bench', ...process.argv.slice(2)].join(' '), progress: new BenchProgress(),
      });
      process.stdout.write(`${report.rows.map((r) => `${r.short}: top-10 diversity ${r.debias.atK.find((a) => a.k === 10)?.aggregateDiversity}`).join('\n')}\n`);
      if (report.failed.length) throw new Error(`${report.failed.length} model(s) failed: ${report.failed.map((f) => f.model).join(', ')}`);
    });
  program
    .command('shift')
    .description('KDD Table 4: CLRec vs Multi-CLRec trained on weekday clicks, HitRate@50 on each user\'s last weekday and last weekend click (by timestamp).')
    .option('--data <path>', 'a dataset with timestamps, e.g. ../shared/datasets/ml-100k')
    .option('--epochs <n>', 'maximum epochs per model (default 20; early stop after 3 epochs without validation HR@50 gain)')
    .option('--arms <list>', 'comma-separated: clrec, multi-clrec (default both)')
    .option('--seeds <list>', 'training seeds; several give mean ± std (default 42)')
    .option('--intentions <n>', 'Multi-CLRec intentions H (default 16, the paper\'s public-data setting)')
    .option('--utc-offset-hours <h>', 'local time of the weekday/weekend split, UTC + h (default -6, US Central)')
    .option('--serve-intentions <K>', 'extra row: Multi-CLRec served with its top-K intention vectors as a selector-weighted mixture (default 4; 0 = off)')
    .option('--config <file>', 'trainer config (JSON/YAML) applied to every arm: dim, queueSize, batchSize, intentCategory, …')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', 'output directory: shift.json, shift.md, one run directory per arm and seed (default bench-results/shift)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const args = parseShiftArgs(flags);
      const backend = await initBackend({ prefer: args.backend, log });
      const report = await runShift({ ...args, backend: backend.name, progress: new BenchProgress() });
      process.stdout.write(`${formatShiftTable(report.summary)}\n`);
      if (report.failed.length) throw new Error(`${report.failed.length} run(s) failed: ${report.failed.map((f) => `${f.arm}/${f.seed}`).join(', ')}`);
    });

  program
    .command('u2u')
    .description('KDD Table 7: CLRec on task u2i alone vs co-trained with the u2u pretext task; HR1@50 and Recall5@50 on each user\'s held-out last 5 clicks.')
    .option('--data <path>', 'dataset (any format `clrec train` reads), e.g. ../shared/datasets/amazon-5core/Beauty.txt')
    .option('--epochs <n>', 'maximum epochs per model (default 20; early stop after 3 epochs without validation HR@50 gain)')
    .option('--arms <list>', 'comma-separated: u2i, u2u (default both)')
    .option('--seeds <list>', 'training seeds; several give mean ± std (default 42)')
    .option('--u2u-weight <x>', 'weight of the u2u loss in the u2u arm (default 1)')
    .option('--max-eval-users <n>', 'evaluate a seeded sample of at most n test users (default 0 = all)')
    .option('--config <file>', 'trainer config (JSON/YAML) applied to every arm: userEncoder, dim, queueSize, u2uLength, u2uQueueSize, …')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', 'output directory: u2u.json, u2u.md, one run directory per arm and seed (default bench-results/u2u)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const args = parseU2uBenchArgs(flags);
      const backend = await initBackend({ prefer: args.backend, log });
      const report = await runU2uBench({ ...args, backend: backend.name, progress: new BenchProgress() });
      process.stdout.write(`${formatU2uTable(report.summary)}\n`);
      if (report.failed.length) throw new Error(`${report.failed.length} run(s) failed: ${report.failed.map((f) => `${f.arm}/${f.seed}`).join(', ')}`);
    });
  program.addCommand(pgvectorCommand());
  for (const cmd of encoderBenchCommands()) program.addCommand(cmd);
  return program;
}
