import { INDEX_NAMES, type IndexName } from '@clrec/retrieval';
import { applyConfig, ConfigError, DEFAULT_CONFIG, SERVE_DEFAULTS, type ServeOptions, startServing } from '@clrec/training/node';

/**
 * Parses `clrec serve` flags (strings from commander, camelCase keys) into `ServeOptions` (of `@clrec/training/node`).
 * @throws ConfigError naming the flag and the valid range
 */
export function parseServeFlags(flags: Record<string, string | boolean | undefined>): ServeOptions {
  const int = (flag: string, key: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = flags[key];
    if (raw === undefined) return def;
    const v = Number(raw);
    if (typeof raw !== 'string' || !Number.isInteger(v) || v < min || v > max) throw new ConfigError(`${flag}: must be an integer in [${min}, ${max}], got "${String(raw)}"`);
    return v;
  };
  if (typeof flags.checkpoint !== 'string') throw new ConfigError('--checkpoint: required (a run directory or checkpoint directory)');
  const index = flags.index ?? SERVE_DEFAULTS.index;
  if (typeof index !== 'string' || !(INDEX_NAMES as readonly string[]).includes(index)) {
    throw new ConfigError(`--index: unknown index "${String(index)}"; valid: ${INDEX_NAMES.join(', ')}`);
  }
  // the same validation as the trainer's config key (any finite number)
  const prior = applyConfig(DEFAULT_CONFIG, { popularityPrior: flags.popularityPrior }, '--popularity-prior').popularityPrior;
  const host = flags.host ?? SERVE_DEFAULTS.host;
  if (typeof host !== 'string' || host === '') throw new ConfigError('--host: give an interface address, e.g. 127.0.0.1 or 0.0.0.0');
  return {
    checkpoint: flags.checkpoint, host, index: index as IndexName,
    port: int('--port', 'port', SERVE_DEFAULTS.port, 0, 65535),
    k: int('--k', 'k', SERVE_DEFAULTS.k, 1),
    maxK: int('--max-k', 'maxK', SERVE_DEFAULTS.maxK, 1),
    hnswEf: int('--hnsw-ef', 'hnswEf', SERVE_DEFAULTS.hnswEf, 1),
    maxBodyBytes: int('--max-body-bytes', 'maxBodyBytes', SERVE_DEFAULTS.maxBodyBytes, 64),
    maxSequenceLength: int('--max-sequence-length', 'maxSequenceLength', SERVE_DEFAULTS.maxSequenceLength, 1),
    maxBatch: int('--max-batch', 'maxBatch', SERVE_DEFAULTS.maxBatch, 1),
    popularityPrior: prior,
  };
}

/**
 * `clrec serve`: starts serving and runs until SIGINT or SIGTERM, then shuts down gracefully
 * (in-flight requests finish, at most 5 s; a second signal exits at once).
 */
export async function serveCommand(o: ServeOptions, log: (line: string) => void): Promise<void> {
  const serving = await startServing(o, log);
  log(`serve: listening on ${serving.server.url} (POST /recommend, GET /health); Ctrl-C stops`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (sig: string) => {
      if (stopping) process.exit(130);
      stopping = true;
      log(`serve: ${sig} received, finishing in-flight requests (again to quit at once)`);
      serving.close().then(resolve, (e) => {
        log(`serve: error while stopping: ${(e as Error).message}`);
        resolve();
      });
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
  });
  const counts = [...serving.server.counts].sort((a, b) => a[0] - b[0]).map(([s, c]) => `${s}: ${c}`).join(', ');
  log(`serve: stopped (responses ${counts || 'none'})`);
}
