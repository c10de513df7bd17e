/**
 * @packageDocumentation
 * The Node side of `@clrec/pgvector`: everything of the main entry, plus the connections
 * ({@link openSqlClient}: an embedded PGlite store, in memory or in a directory, or a Postgres server
 * through `pg`, held by a worker thread so that a synchronous `search` can wait for it) and the
 * `VectorIndex` over them: {@link PgvectorIndex}, {@link pgvectorIndexFactory} (build from vectors,
 * e.g. for `clrec serve --index pgvector`), {@link openPgvectorIndex} and {@link pgvectorTableFactory}
 * (attach to a table written once, e.g. by `clrec export`, and serve it without a rebuild).
 */
export * from './index';
export { PgvectorIndex } from './pgvector-index';
export type { PgvectorBuildOptions, PgvectorIndexOptions, PgvectorSearchOptions } from './pgvector-index';
export { openPgvectorIndex, pgvectorIndexFactory, pgvectorTableFactory, verifyPgvectorTable } from './factories';
export type { OpenPgvectorIndexOptions, PgvectorTableFactoryOptions } from './factories';
export { openSqlClient } from './worker-sql-client';
export type { SqlClientOptions } from './worker-sql-client';
