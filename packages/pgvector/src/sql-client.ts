/** One row of a result: column name → value (numbers for int4 / float8, strings for text and vector). */
export type SqlRow = Record<string, unknown>;

/** A statement and its positional parameters (`$1`, `$2`, …; strings and numbers). */
export interface SqlStatement {
  sql: string;
  params?: readonly unknown[];
}

/**
 * The little this package asks of a database connection, so that the same SQL runs on an embedded
 * PGlite store and on a Postgres server (`pg` client). `openSqlClient` (`@clrec/pgvector/node`) returns one backed by a
 * worker thread; any other implementation (a test double, a pooled client) can stand in for the
 * asynchronous part.
 */
export interface SqlClient {
  /** `postgres` (a server through `pg`) or `pglite` (embedded). */
  readonly kind: 'postgres' | 'pglite';
  /** Runs one statement with parameters and returns its rows. */
  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** Runs statements one after another on the same session (no transaction unless they open one); the rows of each. */
  batch(statements: readonly SqlStatement[]): Promise<SqlRow[][]>;
  /**
   * Optional bulk load: runs `COPY … FROM … WITH (FORMAT binary)` over `data`, a whole binary COPY
   * stream (header, tuples, trailer). The embedded store has it (20× faster than parsing vector text
   * in WASM); without it rows are inserted by batched `INSERT … SELECT FROM unnest(…)`.
   * @param sql the COPY statement with `FROM '/dev/blob'` as its source
   */
  copyBinary?(sql: string, data: Uint8Array): Promise<void>;
  /** Ends the session (an embedded store flushes its files). */
  close(): Promise<void>;
}

/**
 * A {@link SqlClient} that can also block the calling thread until a batch has run: how a
 * `VectorIndex`, whose `search` is synchronous, queries a database (the database runs in a worker
 * thread; the caller waits on a shared-memory signal).
 */
export interface SyncSqlClient extends SqlClient {
  /** {@link SqlClient.batch}, blocking until the rows are back or `timeoutMs` passed. */
  batchSync(statements: readonly SqlStatement[], timeoutMs?: number): SqlRow[][];
}
