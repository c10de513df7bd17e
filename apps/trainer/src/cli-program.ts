import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { initBackend } from '@clrec/backend/node';
import {
  applyConfig, CONFIG_HELP, DEFAULT_CONFIG, loadCheckpoint, PRESETS, progressCallback, readConfigFile, resolveRecipe, SERVE_DEFAULTS, type TrainConfig, train,
} from '@clrec/training/node';

import { evalCommand } from './eval-command';
import { exportCommand, parseExportFlags } from './export-command';
import { parseServeFlags, serveCommand } from './serve-command';

/** This package's version (package.json beside dist/). */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Prints a results object as JSON on stdout (`--json`); logs and progress stay on stderr. */
const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Log lines go to stderr so stdout can be piped. */
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Builds the `clrec` command-line program. Every `TrainConfig` key (of `@clrec/training`) is a `train` flag
 * (camelCase → kebab-case); precedence is defaults < `--config` file < flags.
 */
export function buildProgram(): Command {
  const program = new Command('clrec')
    .description('CLRec: contrastive learning for debiased candidate generation (train, resume, evaluate).')
    .version(version(), '-V, --version', 'print the clrec version')
    .showHelpAfterError();

  const trainCmd = program
    .command('train')
    .description('Train a candidate generator (by default preset "default": SASRec with the exact softmax; --preset lists the CLRec recipes) and evaluate it by full ranking.')
    .option('--config <file>', 'JSON or YAML file setting any of the flags below (by their camelCase key)')
    .option('--resume <dir>', 'continue an interrupted run from <dir>/checkpoints/last (weights, optimizer, queue, RNG, epoch)')
    .option('--json', 'print the results object (results.json) on stdout when done');
  const defaults = resolveRecipe(); // the default preset: what a flag left out gets
  for (const key of Object.keys(DEFAULT_CONFIG) as (keyof TrainConfig)[]) {
    const def = defaults[key];
    const flag = typeof def === 'boolean' ? `--${kebab(key)} [bool]` : key === 'u2u' ? '--u2u [weight]' : `--${kebab(key)} <value>`;
    trainCmd.addOption(new Option(flag, `${CONFIG_HELP[key]} (default: ${JSON.stringify(def)})`));
  }
  trainCmd.addHelpText('after', () => `
Presets (--preset NAME; the defaults above are preset "default"; flags and a config file override a preset):
${PRESETS.names().map((n) => `  ${n.padEnd(15)} ${PRESETS.get(n).description}`).join('\n')}

Examples:
  clrec train --data sim --epochs 5 --out runs/sim
  clrec train --data ../shared/datasets/amazon-5core/Beauty.txt --out runs/beauty
  clrec train --data ../shared/datasets/amazon-5core/Beauty.txt --preset paper-multiatt
  clrec train --data ratings.csv --csv-columns user=userId,item=movieId,timestamp=ts --split temporal
  clrec train --data ../shared/datasets/ml-100k --user-encoder multi-clrec --intentions 16
  clrec train --data ../shared/datasets/amazon-5core/Beauty.txt --u2u --u2u-length 10
  clrec train --config run.yaml --epochs 30
  clrec train --resume runs/beauty

Outputs in --out: results.json, results.md, item-embeddings.bin/.json, checkpoints/{best,last}/`);
  trainCmd.action(async (flags: Record<string, unknown>) => {
    const { config: file, resume, json, ...rest } = flags;
    const fileValues = typeof file === 'string' ? readConfigFile(file) : {};
    const cliValues = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v === true ? 'true' : v]));
    let config: TrainConfig;
    let resumed;
    if (typeof resume === 'string') {
      resumed = loadCheckpoint(join(resume, 'checkpoints', 'last'));
      if (!resumed.manifest.config) throw new Error(`${join(resumed.dir, 'checkpoint.json')}: has no "config" (the recipe; saved from the library without meta.config), so --resume cannot rebuild the run; resume it with fit({ resume }) in code`);
      // the recorded recipe is complete: no preset or encoder defaults go under it
      let base = applyConfig(DEFAULT_CONFIG, resumed.manifest.config as unknown as Record<string, unknown>, `${resumed.dir}/checkpoint.json`);
      base = { ...base, out: resume };
      if (typeof file === 'string') base = applyConfig(base, fileValues, file);
      config = applyConfig(base, cliValues, 'command line');
    } else {
      config = resolveRecipe({ file: typeof file === 'string' ? { values: fileValues, source: file } : undefined, flags: cliValues });
    }
    const backend = await initBackend({ prefer: config.backend, log, deterministic: config.deterministic });
    const stop = new AbortController();
    const onSignal = () => {
      if (stop.signal.aborted) process.exit(130); // second Ctrl-C: leave now
      log('\ntrain: interrupt received, saving a checkpoint after this step (Ctrl-C again to quit at once)');
      stop.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const res = await train({ config, resume: resumed, backend: backend.name, log, signal: stop.signal, callbacks: [progressCallback()] });
      if (res === null) process.exitCode = 130;
      else if (json) printJson(res);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });

  program
    .command('eval')
    .description('Re-evaluate a trained model on the validation and test users: full ranking, the sampled protocols, and the test debiasing metrics.')
    .requiredOption('--checkpoint <dir>', 'a run directory (uses checkpoints/best) or a checkpoint directory')
    .option('--data <path>', "dataset to evaluate on (default: the one it was trained on)")
    .option('--exclude-history [bool]', "skip the user's history items when ranking")
    .option('--popularity-prior <alpha>', CONFIG_HELP.popularityPrior)
    .option('--max-eval-users <n>', 'evaluate a seeded sample of at most n users (0 = all)')
    .option('--eval-protocols <list>', CONFIG_HELP.evalProtocols)
    .option('--eval-negatives <n>', CONFIG_HELP.evalNegatives)
    .option('--eval-negatives-dir <dir>', 'directory of the sampled negatives files, reused when present (default: <run>/eval-negatives)')
    .option('--eval-seed <n>', CONFIG_HELP.evalSeed)
    .option('--debias-ks <list>', CONFIG_HELP.debiasKs)
    .option('--ks <list>', CONFIG_HELP.ks)
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu')
    .option('--json', 'print the evaluation report (eval.json) on stdout')
    .action(async ({ json, ...flags }: Record<string, string | boolean | undefined>) => {
      const backend = await initBackend({ prefer: (flags.backend as TrainConfig['backend']) ?? 'auto', log });
      const report = await evalCommand({ checkpoint: String(flags.checkpoint), flags, backend: backend.name, log });
      if (json) printJson(report);
    });

  program
    .command('serve')
    .description('Serve top-K recommendations over HTTP JSON: POST /recommend {"items": [raw ids], "timestamps"?, "k"?, "exclude_history"?}; GET /health.')
    .requiredOption('--checkpoint <dir>', 'a run directory (uses checkpoints/best, else last) or a checkpoint directory')
    .option('--port <n>', `TCP port, 0 = any free one (default ${SERVE_DEFAULTS.port})`)
    .option('--host <addr>', `interface to bind (default ${SERVE_DEFAULTS.host}; 0.0.0.0 for all)`)
    .option('--k <n>', `list length when a request gives none (default ${SERVE_DEFAULTS.k})`)
    .option('--max-k <n>', `largest k a request may ask for (default ${SERVE_DEFAULTS.maxK})`)
    .option('--popularity-prior <alpha>', 'add α·log q(y) (training-click share, from the data the model was trained on) to every logit before ranking: 0 = the model as trained (default), 1 = the full popularity prior')
    .option('--index <name>', `exact (blocked scan) | hnsw (approximate, usearch) | pgvector (HNSW in PostgreSQL: an embedded in-memory store built at start, or the table --pg-url names) (default ${SERVE_DEFAULTS.index})`)
    .option('--hnsw-ef <n>', `HNSW search breadth ef, also pgvector's hnsw.ef_search (at most 1000) (default ${SERVE_DEFAULTS.hnswEf})`)
    .option('--pg-url <url>', 'serve the item vectors `clrec export --to` wrote instead of building an index: postgres://user:pass@host:port/db, or pglite:DIR for an embedded store (implies --index pgvector; the table must hold this model\'s items, else an error says to re-export)')
    .option('--pg-table <name>', 'table under --pg-url (default clrec_items)')
    .option('--max-body-bytes <n>', `larger request bodies get 413 (default ${SERVE_DEFAULTS.maxBodyBytes})`)
    .option('--max-sequence-length <n>', `longer click sequences get 400 (default ${SERVE_DEFAULTS.maxSequenceLength})`)
    .option('--max-batch <n>', `concurrent requests encoded and searched together (default ${SERVE_DEFAULTS.maxBatch})`)
    .option('--headers-timeout-ms <ms>', `a request's headers must arrive within this time, else 408 and the connection is closed (default ${SERVE_DEFAULTS.headersTimeoutMs})`)
    .option('--request-timeout-ms <ms>', `the whole request, body included, must arrive within this time (default ${SERVE_DEFAULTS.requestTimeoutMs})`)
    .option('--idle-timeout-ms <ms>', `idle keep-alive connections are closed after this time (default ${SERVE_DEFAULTS.idleTimeoutMs})`)
    .option('--max-connections <n>', `connections open at once at most; further ones are closed on accept (default ${SERVE_DEFAULTS.maxConnections})`)
    .option('--token <token>', 'require "Authorization: Bearer <token>" on every request but GET /health (else 401); prefer the CLREC_SERVE_TOKEN environment variable, which other users cannot read in the process list')
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu')
    .addHelpText('after', `
Example:
  clrec serve --checkpoint runs/beauty --port 8080
  curl -s localhost:8080/recommend -H 'content-type: application/json' -d '{"items": ["12", "7"], "k": 5}'
  # {"items": [{"id": "…", "score": 0.83}, …], "k": 5, "returned": 5, "history_used": 2, "took_ms": 1.2}
  CLREC_SERVE_TOKEN=… clrec serve --checkpoint runs/beauty    # then: curl -H "Authorization: Bearer $CLREC_SERVE_TOKEN" …
  clrec serve --checkpoint runs/beauty --index pgvector        # pgvector HNSW in an embedded store, built at start
  clrec serve --checkpoint runs/beauty --pg-url postgres://app@db/recs --pg-table beauty_items   # a table clrec export wrote`)
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const opts = parseServeFlags(flags);
      if (typeof flags.token === 'string') log('serve: --token is visible to other local users in the process list; CLREC_SERVE_TOKEN is not');
      await initBackend({ prefer: (flags.backend as TrainConfig['backend']) ?? 'auto', log });
      await serveCommand(opts, log);
    });
  program
    .command('export')
    .description('Export a trained model for serving outside this process: the user tower as ONNX, the item vectors as NumPy .npy and Parquet, and export.json describing them.')
    .requiredOption('--checkpoint <dir>', 'a run directory (uses checkpoints/best, else last) or a checkpoint directory')
    .option('--out <dir>', 'directory to write into (created if missing; files of the same names are replaced); required unless --to is given')
    .option('--to <target>', 'also write the item vectors with their raw ids into PostgreSQL + pgvector (table with an HNSW index, replaced atomically): postgres://user:pass@host/db, or an embedded store pglite:DIR (or a directory)')
    .option('--pg-table <name>', 'table for --to (default clrec_items); serve it with clrec serve --pg-url … --pg-table …')
    .option('--format <list>', 'onnx (default: user-tower.onnx plus the item vectors in every format) | npy (item-vectors.npy + item-ids.json) | parquet (item-vectors.parquet); comma-separated to combine')
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu')
    .option('--json', 'print export.json on stdout')
    .addHelpText('after', `
User encoders with an ONNX export: multiatt-wha (any head aggregation), mean, mean-mlp, sasrec; others export their item vectors (--format npy,parquet).

Examples:
  clrec export --checkpoint runs/beauty --out export/beauty
  clrec export --checkpoint runs/beauty/checkpoints/last --format npy --out export/vectors
  clrec export --checkpoint runs/beauty --to pglite:stores/beauty && clrec serve --checkpoint runs/beauty --pg-url pglite:stores/beauty

Files: user-tower.onnx (input item_ids int64 [batch, maxLen]: dense ids, 0 = padding, left-padded; output user_vector
float32 [batch, d]), item-vectors.npy float32 [n, d] + item-ids.json (row r = item-ids.json[r], dense id r + 1),
item-vectors.parquet (id, vector list<float>), export.json (shapes, padding, time buckets, similarity, source checkpoint).`)
    .action(async ({ json, ...flags }: Record<string, string | boolean | undefined>) => {
      const opts = parseExportFlags(flags);
      await initBackend({ prefer: (flags.backend as TrainConfig['backend']) ?? 'auto', log });
      const result = await exportCommand(opts, log);
      if (json) printJson(result.files && !result.database ? result.files : result);
    });
  return program;
}
