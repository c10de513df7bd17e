import { indexFactory, INDEX_NAMES, type IndexName, ItemBiasIndex } from '@clrec/retrieval';
import type { VectorIndex } from '@clrec/core';
import { applyConfig, ConfigError, DEFAULT_CONFIG } from './config';
import { prepareData } from './data';
import { popularityPrior } from './popularity-prior';
import { type RunningServer, startServer } from './serve-http';
import { loadServingModel, type ServingModel } from './serve-model';
import { Recommender } from './serve-recommender';

/** Settings of a serving process (the `clrec serve` flags). */
export interface ServeOptions {
  /** Run directory (uses checkpoints/best, else last) or checkpoint directory. */
  checkpoint: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Default list length. */
  k: number;
  /** Largest `k` a request may ask for (capped at the catalog size). */
  maxK: number;
  index: IndexName;
  /** HNSW search breadth ef (usearch expansion_search). */
  hnswEf: number;
  maxBodyBytes: number;
  maxSequenceLength: number;
  /** Requests encoded and searched together at most. */
  maxBatch: number;
  /**
   * Weight α of the serving-time popularity prior α·log q(y) added to every logit (see
   * `popularityPrior`; q from the training data named in the checkpoint's config). 0 = none.
   */
  popularityPrior: number;
}

/** Defaults of {@link ServeOptions} (all but `checkpoint`). */
export const SERVE_DEFAULTS: Omit<ServeOptions, 'checkpoint'> = {
  host: '127.0.0.1', port: 8080, k: 10, maxK: 1000, index: 'exact', hnswEf: 128, maxBodyBytes: 1 << 20, maxSequenceLength: 1000, maxBatch: 32,
  popularityPrior: 0,
};

/** A serving stack: model, index, recommender and the listening server. */
export interface Serving {
  model: ServingModel;
  index: VectorIndex;
  server: RunningServer;
  /** Graceful stop: closes the server (in-flight requests finish), then frees the index and the model. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Parses `clrec serve` flags (strings from commander, camelCase keys) into {@link ServeOptions}.
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
 * Loads the checkpoint, builds the index over all item vectors with the model's similarity, and
 * starts the HTTP server (see `startServer`). Used by `clrec serve` and by the load benchmark.
 */
export async function startServing(o: ServeOptions, log: (line: string) => void = () => {}): Promise<Serving> {
  const t0 = performance.now();
  const model = loadServingModel(o.checkpoint, log);
  let index: VectorIndex | null = null;
  try {
    const vectors = model.itemVectors();
    const metric = model.similarity;
    if (o.popularityPrior !== 0) {
      // q(y) from the training split of the data the model was trained on; offsets ride in one extra column
      log(`serve: reading ${model.config.data} for the training-click counts of the popularity prior (α ${o.popularityPrior})`);
      const data = prepareData(model.config, log);
      if (data.dataset.numItems !== model.numItems) {
        throw new ConfigError(`--popularity-prior: the checkpoint has ${model.numItems} items but ${model.config.data} has ${data.dataset.numItems}`);
      }
      const prior = popularityPrior(data.itemCounts, o.popularityPrior, model.config.temperature)!;
      const inner = indexFactory(o.index, { exact: { metric: 'dot' }, hnsw: { metric: 'dot', expansionSearch: o.hnswEf } });
      index = await ItemBiasIndex.build(vectors, model.dim, prior.slice(1), { factory: inner, metric });
    } else {
      index = await indexFactory(o.index, { exact: { metric }, hnsw: { metric, expansionSearch: o.hnswEf } }).build(vectors, model.dim);
    }
    log(`serve: ${model.numItems} items (d ${model.dim}, ${metric}) from ${model.checkpointDir}, raw ids from ${model.idSource}; ` +
      `${o.index} index ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (o.k > model.numItems) throw new ConfigError(`--k: ${o.k} exceeds the catalog of ${model.numItems} items`);
    const recommender = new Recommender(model, index, { maxBatch: o.maxBatch });
    const server = await startServer({
      recommender, host: o.host, port: o.port, maxBodyBytes: o.maxBodyBytes, log,
      limits: { maxSequenceLength: o.maxSequenceLength, defaultK: o.k, maxK: Math.min(o.maxK, model.numItems) },
      info: { items: model.numItems, dim: model.dim, similarity: metric, index: o.index, checkpoint: model.checkpointDir, max_len: model.config.maxLen, uses_timestamps: model.usesTime, popularity_prior: o.popularityPrior },
    });
    const built = index;
    return {
      model, index: built, server,
      close: async (graceMs) => {
        await server.close(graceMs);
        built.dispose();
        model.dispose();
      },
    };
  } catch (e) {
    index?.dispose();
    model.dispose();
    throw e;
  }
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
