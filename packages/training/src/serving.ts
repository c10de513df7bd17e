import { basename, dirname } from 'node:path';
import { indexFactory, type IndexName } from '@clrec/retrieval/node';
import type { VectorIndex, VectorIndexFactory } from '@clrec/core';
import { applyConfig, ConfigError, DEFAULT_CONFIG } from './config';
import { prepareData } from './data';
import { popularityPrior } from './popularity-prior';
import { buildRankingIndex } from './ranking-index';
import { type RunningServer, startServer } from './serve-http';
import { checkToken } from './serve-auth';
import { checkConnectionLimits, CONNECTION_DEFAULTS, type ConnectionLimits } from './serve-limits';
import { loadServingModel, type ServingModel } from './serve-model';
import { Recommender } from './serve-recommender';

/**
 * Settings of a serving process (the `clrec serve` flags), the connection timeouts and cap of
 * {@link ConnectionLimits} included (`--headers-timeout-ms`, `--request-timeout-ms`, `--idle-timeout-ms`,
 * `--max-connections`).
 */
export interface ServeOptions extends ConnectionLimits {
  /** Run directory (uses checkpoints/best, else last) or checkpoint directory. */
  checkpoint: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Default list length. */
  k: number;
  /** Largest `k` a request may ask for (capped at the catalog size). */
  maxK: number;
  /**
   * Index kind: `exact` or `hnsw` (built-in), or the name of the index `indexFactory` builds (e.g.
   * `pgvector`); reported by `GET /health`.
   */
  index: IndexName | (string & {});
  /**
   * Builds the index instead of the built-in `index` (how an app plugs in an index this package does
   * not depend on, e.g. `@clrec/pgvector`). Called once with the metric the index must score by
   * (`dot` when a popularity prior rides in an extra column, see `buildRankingIndex`), whether a prior
   * is on, the search breadth `hnswEf` and the loaded model.
   */
  indexFactory?: (o: { metric: 'cosine' | 'dot'; prior: boolean; ef: number; model: ServingModel }) => VectorIndexFactory | Promise<VectorIndexFactory>;
  /** HNSW search breadth ef (usearch expansion_search; pgvector's hnsw.ef_search for an index that takes it). */
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
  /**
   * Bearer token every request but `GET /health` must present as `Authorization: Bearer <token>`
   * (`--token` or the `CLREC_SERVE_TOKEN` environment variable), or null for an open server. Never logged.
   */
  token: string | null;
}

/**
 * Defaults of {@link ServeOptions} (all but `checkpoint`): port 8080 on 127.0.0.1, k 10 (at most 1000),
 * exact index, bodies ≤ 1 MiB, sequences ≤ 1000 clicks, batches ≤ 32, headers within 10 s, requests
 * within 30 s, idle keep-alive connections closed after 5 s, ≤ 1024 connections, no token.
 */
export const SERVE_DEFAULTS: Omit<ServeOptions, 'checkpoint'> = {
  host: '127.0.0.1', port: 8080, k: 10, maxK: 1000, index: 'exact', hnswEf: 128, maxBodyBytes: 1 << 20, maxSequenceLength: 1000, maxBatch: 32,
  popularityPrior: 0, ...CONNECTION_DEFAULTS, token: null,
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
 * Loads the checkpoint, builds the index over all item vectors with the model's similarity, and
 * starts the HTTP server (see `startServer`). Used by `clrec serve` and by the load benchmark.
 */
export async function startServing(o: ServeOptions, log: (line: string) => void = () => {}): Promise<Serving> {
  const t0 = performance.now();
  try {
    // fail before loading anything
    checkConnectionLimits(o);
    if (o.token !== null && o.token !== undefined) checkToken(o.token, '--token');
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const model = loadServingModel(o.checkpoint, log);
  let index: VectorIndex | null = null;
  try {
    const vectors = model.itemVectors();
    const metric = model.similarity;
    let prior: Float32Array | null = null;
    if (o.popularityPrior !== 0) {
      // q(y) from the training split of the data the model was trained on; offsets ride in one extra column
      log(`serve: reading ${model.config.data} for the training-click counts of the popularity prior (α ${o.popularityPrior})`);
      const data = prepareData(model.config, log);
      if (data.dataset.numItems !== model.numItems) {
        throw new ConfigError(`--popularity-prior: the checkpoint has ${model.numItems} items but ${model.config.data} has ${data.dataset.numItems}`);
      }
      prior = popularityPrior(data.itemCounts, o.popularityPrior, model.config.temperature)!.slice(1);
    }
    const inner = prior ? 'dot' : metric; // with a prior the inner index scores [f̂, 1]·[ĝ, b] by dot product
    const factory = o.indexFactory
      ? await o.indexFactory({ metric: inner, prior: prior !== null, ef: o.hnswEf, model })
      : indexFactory(o.index, { exact: { metric: inner }, hnsw: { metric: inner, expansionSearch: o.hnswEf } });
    index = await buildRankingIndex(vectors, model.dim, { metric, prior, factory });
    log(`serve: ${model.numItems} items (d ${model.dim}, ${metric}) from ${model.checkpointDir}, raw ids from ${model.idSource}; ` +
      `${o.index} index ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (o.k > model.numItems) throw new ConfigError(`--k: ${o.k} exceeds the catalog of ${model.numItems} items`);
    const recommender = new Recommender(model, index, { maxBatch: o.maxBatch });
    const server = await startServer({
      recommender, host: o.host, port: o.port, maxBodyBytes: o.maxBodyBytes, log, token: o.token,
      limits: { maxSequenceLength: o.maxSequenceLength, defaultK: o.k, maxK: Math.min(o.maxK, model.numItems) },
      connections: { headersTimeoutMs: o.headersTimeoutMs, requestTimeoutMs: o.requestTimeoutMs, idleTimeoutMs: o.idleTimeoutMs, maxConnections: o.maxConnections },
      info: { ...modelFacts(model), index: o.index, popularity_prior: o.popularityPrior },
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
 * What `GET /health` says about a model, without host paths: the run's name (the directory holding
 * `checkpoints/`, else the checkpoint directory's name), which checkpoint (`best`, `last` or the
 * directory's name), the training data's file name, catalog size, dim, similarity, history length.
 */
export function modelFacts(model: ServingModel): Record<string, unknown> {
  const dir = model.checkpointDir.replace(/[\\/]+$/, '');
  const inRun = basename(dirname(dir)) === 'checkpoints';
  return {
    model: basename(inRun ? dirname(dirname(dir)) : dir), checkpoint: basename(dir), dataset: model.config.data ? basename(model.config.data.replace(/[\\/]+$/, '')) : null,
    items: model.numItems, dim: model.dim, similarity: model.similarity, max_len: model.config.maxLen, uses_timestamps: model.usesTime,
  };
}
