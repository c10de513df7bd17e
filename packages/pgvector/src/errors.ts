/**
 * What went wrong, for callers that branch on it:
 * - `bad-connection`: the connection string or object is malformed or of an unsupported kind;
 * - `connect-failed`: the store could not be opened (server unreachable, authentication, no pgvector);
 * - `bad-table-name`: the table name is not a plain lower-case SQL identifier;
 * - `missing-table`: the table to attach to does not exist;
 * - `bad-table`: the table exists but is not a vector table this package can serve (columns, ids);
 * - `dim-mismatch`, `size-mismatch`, `metric-mismatch`, `stale-table`: the table does not hold the
 *   vectors the caller expects (another width, row count, similarity, or other vectors);
 * - `bad-argument`: an option or argument out of range;
 * - `query-failed`: the database rejected a statement; `timeout`: it did not answer in time;
 * - `closed`: the index or client was disposed.
 */
export type PgvectorErrorCode =
  | 'bad-connection' | 'connect-failed' | 'bad-table-name' | 'missing-table' | 'bad-table' | 'dim-mismatch' | 'size-mismatch'
  | 'metric-mismatch' | 'stale-table' | 'bad-argument' | 'query-failed' | 'timeout' | 'closed';

/** An error of `@clrec/pgvector`, with a {@link PgvectorErrorCode} and, for database errors, the SQLSTATE. */
export class PgvectorError extends Error {
  /** What went wrong. */
  readonly code: PgvectorErrorCode;
  /** Postgres SQLSTATE of a `query-failed` or `connect-failed` error (e.g. `42P01`), when the server gave one. */
  readonly sqlState?: string;

  constructor(code: PgvectorErrorCode, message: string, sqlState?: string) {
    super(message);
    this.name = 'PgvectorError';
    this.code = code;
    if (sqlState) this.sqlState = sqlState;
  }
}
