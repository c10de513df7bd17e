import { INDEX_NAMES, type IndexName } from '@clrec/retrieval/node';
import {
  applyConfig, checkConnectionLimits, checkToken, ConfigError, DEFAULT_CONFIG, MIN_TIMEOUT_MS, SERVE_DEFAULTS, SERVE_TOKEN_ENV, type ServeOptions, startServing,
} from '@clrec/training/node';
import { pgvectorServeIndex } from './serve-pgvector';

/** `--index` values: the built-in indexes and `pgvector` (`@clrec/pgvector`, resolved by this app). */
const SERVE_INDEX_NAMES = [...INDEX_NAMES, 'pgvector'] as const;

/**
 * Parses `clrec serve` flags (strings from commander, camelCase keys) into `ServeOptions` (of `@clrec/training/node`).
 * The bearer token is `--token`, else `env.CLREC_SERVE_TOKEN` (an empty variable counts as unset).
 * @throws ConfigError naming the flag and the valid range (never echoing a token)
 */
export function parseServeFlags(flags: Record<string, string | boolean | undefined>, env: Record<string, string | undefined> = process.env): ServeOptions {
  const int = (flag: string, key: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = flags[key];
    if (raw === undefined) return def;
    const v = Number(raw);
    if (typeof raw !== 'string' || !Number.isInteger(v) || v < min || v > max) throw new ConfigError(`${flag}: must be an integer in [${min}, ${max}], got "${String(raw)}"`);
    return v;
  };
  if (typeof flags.checkpoint !== 'string') throw new ConfigError('--checkpoint: required (a run directory or checkpoint directory)');
  for (const key of ['pgUrl', 'pgTable'] as const) {
    if (flags[key] !== undefined && typeof flags[key] !== 'string') throw new ConfigError(`--${key === 'pgUrl' ? 'pg-url' : 'pg-table'}: give a value`);
  }
  const pg = { url: flags.pgUrl as string | undefined, table: flags.pgTable as string | undefined };
  const index = flags.index ?? (pg.url !== undefined ? 'pgvector' : SERVE_DEFAULTS.index); // --pg-url implies --index pgvector
  if (typeof index !== 'string' || !(SERVE_INDEX_NAMES as readonly string[]).includes(index)) {
    throw new ConfigError(`--index: unknown index "${String(index)}"; valid: ${SERVE_INDEX_NAMES.join(', ')}`);
  }
  if (index !== 'pgvector' && (pg.url !== undefined || pg.table !== undefined)) throw new ConfigError(`--pg-url / --pg-table: only with --index pgvector, not ${index}`);
  // the same validation as the trainer's config key (any finite number)
  const prior = applyConfig(DEFAULT_CONFIG, { popularityPrior: flags.popularityPrior }, '--popularity-prior').popularityPrior;
  const host = flags.host ?? SERVE_DEFAULTS.host;
  if (typeof host !== 'string' || host === '') throw new ConfigError('--host: give an interface address, e.g. 127.0.0.1 or 0.0.0.0');
  const token = parseToken(flags.token, env[SERVE_TOKEN_ENV]);
  const requestTimeoutMs = int('--request-timeout-ms', 'requestTimeoutMs', SERVE_DEFAULTS.requestTimeoutMs, MIN_TIMEOUT_MS);
  const limits = {
    // without the flag, the headers timeout is at most the request timeout
    headersTimeoutMs: int('--headers-timeout-ms', 'headersTimeoutMs', Math.min(SERVE_DEFAULTS.headersTimeoutMs, requestTimeoutMs), MIN_TIMEOUT_MS),
    requestTimeoutMs,
    idleTimeoutMs: int('--idle-timeout-ms', 'idleTimeoutMs', SERVE_DEFAULTS.idleTimeoutMs, MIN_TIMEOUT_MS),
    maxConnections: int('--max-connections', 'maxConnections', SERVE_DEFAULTS.maxConnections, 1),
  };
  try {
    checkConnectionLimits(limits); // an explicit headers timeout must not exceed the request timeout
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  return {
    checkpoint: flags.checkpoint, host, index: index as IndexName,
    ...(index === 'pgvector' ? { indexFactory: pgvectorServeIndex(pg) } : {}),
    port: int('--port', 'port', SERVE_DEFAULTS.port, 0, 65535),
    k: int('--k', 'k', SERVE_DEFAULTS.k, 1),
    maxK: int('--max-k', 'maxK', SERVE_DEFAULTS.maxK, 1),
    hnswEf: int('--hnsw-ef', 'hnswEf', SERVE_DEFAULTS.hnswEf, 1, index === 'pgvector' ? 1000 : Number.MAX_SAFE_INTEGER), // pgvector's ef_search ≤ 1000
    maxBodyBytes: int('--max-body-bytes', 'maxBodyBytes', SERVE_DEFAULTS.maxBodyBytes, 64),
    maxSequenceLength: int('--max-sequence-length', 'maxSequenceLength', SERVE_DEFAULTS.maxSequenceLength, 1),
    maxBatch: int('--max-batch', 'maxBatch', SERVE_DEFAULTS.maxBatch, 1),
    popularityPrior: prior, ...limits, token,
  };
}

/** The token from `--token`, else the environment variable; checked for form, never echoed. */
function parseToken(flag: string | boolean | undefined, fromEnv: string | undefined): string | null {
  const [token, source] = flag !== undefined ? [flag, '--token'] : [fromEnv || null, SERVE_TOKEN_ENV];
  if (token === null) return null;
  if (typeof token !== 'string') throw new ConfigError('--token: give the bearer token clients must send (or set CLREC_SERVE_TOKEN)');
  try {
    checkToken(token, source);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  return token;
}

/**
 * `clrec serve`: starts serving and runs until SIGINT or SIGTERM, then shuts down gracefully
 * (in-flight requests finish, at most 5 s; a second signal exits at once).
 */
export async function serveCommand(o: ServeOptions, log: (line: string) => void): Promise<void> {
  const serving = await startServing(o, log);
  const l = serving.server.connectionLimits;
  log(`serve: listening on ${serving.server.url} (POST /recommend, GET /health); ${o.token ? 'bearer token required (GET /health open)' : 'no token required'}; ` +
    `timeouts: headers ${l.headersTimeoutMs} ms, request ${l.requestTimeoutMs} ms, idle ${l.idleTimeoutMs} ms; at most ${l.maxConnections} connections; Ctrl-C stops`);
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
  const { dropped, timedOut } = serving.server.stats;
  log(`serve: stopped (responses ${counts || 'none'}; connections dropped at the cap ${dropped}, timed out ${timedOut})`);
}
