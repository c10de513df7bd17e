import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VectorIndex, VectorSearchResult } from '@clrec/spec';
import { describeConnection, parseConnection, type PgvectorConnection } from './connection';
import { PgvectorError } from './errors';
import type { SyncSqlClient } from './sql-client';
import { parseTableName } from './table-name';
import { describeVectorTable, ensurePgvector, type VectorTableInfo, writeVectorTable, type WriteVectorTableOptions } from './vector-table';
import { checkK, checkMatrix, checkMetric, normalizeRows, type PgvectorMetric, vectorLiteral } from './vectors';
import { openSqlClient, type SqlClientOptions } from './worker-sql-client';
import { searchStatements, toResult } from './search-sql';

/** Connection and search settings shared by {@link PgvectorIndex.build} and {@link PgvectorIndex.open}. */
export interface PgvectorIndexOptions extends SqlClientOptions {
  /** Where the table lives (default: an embedded in-memory PGlite store). See {@link parseConnection}. */
  connection?: string | PgvectorConnection;
  /** Table name, `name` or `schema.name` (default `clrec_items`). */
  table?: string;
  /** Candidate list size while searching (`SET hnsw.ef_search`, default 100); recall and latency grow with it. */
  efSearch?: number;
  /**
   * Use pgvector's iterative index scan (0.8+) so that exclusions and k > efSearch still fill k rows
   * (default: when the installed pgvector has it). Off: exclusions are over-fetched and ef_search is
   * raised to the row count asked for, statement by statement (how older servers are served).
   */
  iterativeScan?: boolean;
}

/**
 * Options of {@link PgvectorIndex.build}: the connection and search settings, and how the table is
 * written (metric, HNSW `m` / `efConstruction`, raw ids, load method; see `writeVectorTable`).
 */
export interface PgvectorBuildOptions extends PgvectorIndexOptions, Omit<WriteVectorTableOptions, 'table' | 'vectors' | 'dim'> {}

/** Options of {@link PgvectorIndex.search}. */
export interface PgvectorSearchOptions {
  /** Per query, row ids to leave out (`WHERE id <> ALL(…)`), or null; one entry per query row. */
  exclude?: ReadonlyArray<ArrayLike<number> | null | undefined>;
}

/**
 * A `VectorIndex` over a PostgreSQL table `(id int4 primary key, [raw_id text,] v vector(d))` with a
 * pgvector HNSW index: `ORDER BY v <=> q LIMIT k` (cosine: score = 1 − distance, rows and queries
 * l2-normalised as CLRec trains) or `v <#> q` (dot: score = −distance = the inner product). The
 * connection lives in a worker thread (embedded PGlite or a `pg` client); `search` is synchronous as
 * the interface asks and blocks until the database answers (at most `queryTimeoutMs`). Results are
 * re-sorted best first with ties by lower id, like `@clrec/retrieval`'s indexes; recall depends on
 * `m`, `efConstruction` and `efSearch` (measure it with `recallAgainstExact`).
 */
export class PgvectorIndex implements VectorIndex {
  /** Plugin specification version this index implements. */
  readonly specificationVersion = 'v1' as const;
  /** Registry name. */
  readonly name = 'pgvector';
  /** Vector width d. */
  readonly dim: number;
  /** Number of indexed rows n. */
  readonly size: number;
  /** Similarity scored. */
  readonly metric: PgvectorMetric;
  /** The table searched. */
  readonly table: string;
  /** ef_search in effect (see {@link PgvectorIndex.setEfSearch}). */
  get efSearch(): number {
    return this.ef;
  }
  /** Where the table lives, password masked. */
  readonly connection: string;
  /** Whether pgvector's iterative scan is on (see {@link PgvectorIndexOptions.iterativeScan}). */
  readonly iterativeScan: boolean;
  /** Whether the table has a `raw_id` column (written with raw ids). */
  readonly hasRawIds: boolean;
  private client: SyncSqlClient | null;
  private readonly sqlTable: string;
  private ef: number;

  private constructor(client: SyncSqlClient, info: VectorTableInfo, metric: PgvectorMetric, efSearch: number, iterative: boolean, connection: string) {
    this.client = client;
    this.dim = info.dim;
    this.size = info.rows;
    this.metric = metric;
    this.table = info.table;
    this.sqlTable = parseTableName(info.table).sql;
    this.ef = efSearch;
    this.iterativeScan = iterative;
    this.connection = connection;
    this.hasRawIds = info.hasRawIds;
  }

  /**
   * Writes `vectors`, float32 row-major `[n, dim]` (row r gets id r), into `table` (replacing it
   * atomically, see `writeVectorTable`), builds the HNSW index and returns an index searching it; it
   * owns its connection (closed by {@link PgvectorIndex.dispose}).
   * @throws RangeError on a bad matrix; PgvectorError on a bad connection, table name or option, or a database error
   */
  static async build(vectors: Float32Array, dim: number, options: PgvectorBuildOptions = {}): Promise<PgvectorIndex> {
    const n = checkMatrix(vectors, dim, 'PgvectorIndex.build: vectors');
    if (n === 0) throw new RangeError('PgvectorIndex.build: vectors is empty (need at least one row)');
    const metric = checkMetric(options.metric ?? 'cosine', 'PgvectorIndex.build');
    const table = parseTableName(options.table ?? 'clrec_items').text;
    const efSearch = checkEf(options.efSearch);
    const parsed = parseConnection(options.connection);
    const connection = parsed.kind === 'pglite' && parsed.dataDir ? { ...parsed, dataDir: resolve(parsed.dataDir) } : parsed;
    const client = await openSqlClient(connection, options);
    try {
      const info = await writeVectorTable(client, { ...options, table, vectors, dim, metric });
      return await PgvectorIndex.ready(client, info, metric, efSearch, options.iterativeScan, describeConnection(connection));
    } catch (e) {
      await client.close();
      throw e;
    }
  }

  /**
   * Attaches to an existing table (written by {@link PgvectorIndex.build}, `writeVectorTable` or
   * `clrec export`) without rewriting it: its width and row count come from the table, its metric from
   * its HNSW index (or `metric` for a table without one, searched by a sequential scan).
   * @throws PgvectorError `missing-table`, `bad-table` (no vector column, ids not 0..n−1, empty, no HNSW index and no metric given),
   *   `metric-mismatch` (its index scores by another metric than `metric`), `connect-failed`
   */
  static async open(options: PgvectorIndexOptions & { metric?: PgvectorMetric }): Promise<PgvectorIndex> {
    const table = parseTableName(options.table ?? 'clrec_items').text;
    const efSearch = checkEf(options.efSearch);
    const wanted = options.metric === undefined ? undefined : checkMetric(options.metric, 'PgvectorIndex.open');
    const parsed = parseConnection(options.connection);
    const connection = parsed.kind === 'pglite' && parsed.dataDir ? { ...parsed, dataDir: resolve(parsed.dataDir) } : parsed;
    const where = describeConnection(connection);
    if (connection.kind === 'pglite' && connection.dataDir && !existsSync(connection.dataDir)) {
      // opening would create an empty store there
      throw new PgvectorError('missing-table', `no embedded store at ${connection.dataDir}; write table ${table} there first (clrec export --to pglite:${connection.dataDir} --table ${table}, or writeVectorTable)`);
    }
    const client = await openSqlClient(connection, options);
    try {
      await ensurePgvector(client);
      const info = await describeVectorTable(client, table);
      if (!info) {
        throw new PgvectorError('missing-table', `table ${table} does not exist in ${where}; write it first (clrec export --to <connection> --table ${table}, or exportToPostgres / writeVectorTable)`);
      }
      if (info.rows === 0) throw new PgvectorError('bad-table', `table ${table} in ${where} is empty`);
      if (info.minId !== 0 || info.maxId !== info.rows - 1) {
        throw new PgvectorError('bad-table', `table ${table} in ${where}: ids must be 0..${info.rows - 1} (one per row), found ${info.minId}..${info.maxId}`);
      }
      if (wanted && info.metric && wanted !== info.metric) {
        throw new PgvectorError('metric-mismatch', `table ${table} in ${where} is indexed for ${info.metric} similarity, not ${wanted}`);
      }
      const metric = info.metric ?? wanted;
      if (!metric) throw new PgvectorError('bad-table', `table ${table} in ${where} has no HNSW index with vector_cosine_ops or vector_ip_ops on v; give metric to search it without one`);
      return await PgvectorIndex.ready(client, info, metric, efSearch, options.iterativeScan, where);
    } catch (e) {
      await client.close();
      throw e;
    }
  }

  /** Sets the session's search settings and wraps the client. */
  private static async ready(client: SyncSqlClient, info: VectorTableInfo, metric: PgvectorMetric, efSearch: number, iterative: boolean | undefined, where: string): Promise<PgvectorIndex> {
    const version = await ensurePgvector(client);
    const [major, minor] = version.split('.').map(Number);
    const supported = major > 0 || minor >= 8;
    if (iterative && !supported) throw new PgvectorError('bad-argument', `iterativeScan needs pgvector 0.8 or later; ${where} has ${version}`);
    const on = iterative ?? supported;
    await client.batch([{ sql: `SET hnsw.ef_search = ${efSearch}` }, ...(on ? [{ sql: 'SET hnsw.iterative_scan = relaxed_order' }] : [])]);
    return new PgvectorIndex(client, info, metric, efSearch, on, where);
  }

  /**
   * The `k` nearest rows for each query (approximate), best first, ties by lower id; unfilled slots
   * (the scan found fewer rows) get id -1 and score -Infinity. A zero query under cosine scores 0
   * against every row (rows 0..k−1, as the exact index ranks it).
   * @param queries float32 row-major `[numQueries, dim]`
   * @param k results per query, in [1, size]
   * @throws RangeError on a dimension mismatch, a non-finite value or k outside [1, size];
   *   PgvectorError `query-failed`, `timeout` or `closed`
   */
  search(queries: Float32Array, k: number, options: PgvectorSearchOptions = {}): VectorSearchResult {
    const client = this.live();
    const nq = checkMatrix(queries, this.dim, `PgvectorIndex.search: queries (index dim ${this.dim})`);
    checkK(k, this.size, 'PgvectorIndex.search');
    const exclude = options.exclude;
    if (exclude && exclude.length !== nq) throw new RangeError(`PgvectorIndex.search: exclude has ${exclude.length} entries for ${nq} queries`);
    const q = this.metric === 'cosine' ? normalizeRows(queries, this.dim) : queries;
    const literals: (string | null)[] = [];
    for (let r = 0; r < nq; r++) {
      let zero = true;
      for (let j = 0; j < this.dim && zero; j++) zero = q[r * this.dim + j] === 0;
      literals.push(zero && this.metric === 'cosine' ? null : vectorLiteral(q, r, this.dim));
    }
    const ids = new Int32Array(nq * k);
    const scores = new Float32Array(nq * k);
    // chunks of queries, each one blocking call with its own time limit
    for (let q0 = 0; q0 < nq; q0 += SEARCH_CHUNK) {
      const q1 = Math.min(nq, q0 + SEARCH_CHUNK);
      const chunk = literals.slice(q0, q1);
      const skip = exclude?.slice(q0, q1);
      const plan = searchStatements({ table: this.sqlTable, metric: this.metric, k, efSearch: this.ef, iterative: this.iterativeScan, queries: chunk, exclude: skip });
      const answers = plan.statements.length ? client.batchSync(plan.statements) : [];
      const r = toResult(plan, answers, chunk, k, this.size, this.metric, skip);
      ids.set(r.ids, q0 * k);
      scores.set(r.scores, q0 * k);
    }
    return { queries: nq, k, ids, scores };
  }

  /**
   * Changes the search breadth of later searches (`SET hnsw.ef_search`), e.g. to trade recall for
   * latency without reconnecting.
   * @throws PgvectorError `bad-argument` outside [1, 1000], `closed`
   */
  setEfSearch(ef: number): void {
    const v = checkEf(ef);
    this.live().batchSync([{ sql: `SET hnsw.ef_search = ${v}` }]);
    this.ef = v;
  }

  /**
   * Reads rows back: id → the stored vector in pgvector's text form `[x1,…]` (l2-normalised under
   * cosine) and the raw id (null without a `raw_id` column). Ids not in the table are absent.
   */
  async readRows(ids: readonly number[]): Promise<Map<number, { v: string; rawId: string | null }>> {
    const client = this.live();
    const rows = await client.query(
      `SELECT "id" AS id, "v"::text AS v, ${this.hasRawIds ? '"raw_id"' : 'NULL::text'} AS raw_id FROM ${this.sqlTable} WHERE "id" = ANY($1::text::int4[])`,
      [`{${ids.map((i) => String(Math.trunc(i))).join(',')}}`],
    );
    return new Map(rows.map((r) => [Number(r.id), { v: String(r.v), rawId: r.raw_id === null || r.raw_id === undefined ? null : String(r.raw_id) }]));
  }

  /** Ends the connection (in the background); later searches throw. Use {@link PgvectorIndex.close} to wait for it. */
  dispose(): void {
    void this.close();
  }

  /** Ends the connection and waits until it is closed (an embedded store has flushed its files). */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.close();
  }

  private live(): SyncSqlClient {
    if (!this.client) throw new PgvectorError('closed', 'PgvectorIndex: the index was disposed');
    return this.client;
  }
}

/** Queries per blocking call to the worker (each call gets the full `queryTimeoutMs`). */
const SEARCH_CHUNK = 64;

function checkEf(ef: number | undefined): number {
  const v = ef ?? 100;
  if (!Number.isInteger(v) || v < 1 || v > 1000) throw new PgvectorError('bad-argument', `efSearch must be an integer in [1, 1000] (pgvector's range), got ${v}`);
  return v;
}
