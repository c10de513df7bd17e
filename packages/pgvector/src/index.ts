/**
 * @packageDocumentation
 * A CLRec `VectorIndex` over PostgreSQL + pgvector: item vectors in a table
 * `(id int4 primary key, [raw_id text,] v vector(d))` with an HNSW index (`vector_cosine_ops` for
 * cosine, `vector_ip_ops` for dot product), searched by `ORDER BY v <=> q LIMIT k`. This main entry
 * runs anywhere (no Node built-in): the SQL that writes and inspects vector tables over any
 * {@link SqlClient}, connection and table-name parsing, and the errors. `@clrec/pgvector/node` adds the
 * connections (an embedded PGlite store or a Postgres server through `pg`, in a worker thread) and the
 * index itself: `PgvectorIndex`, `pgvectorIndexFactory`, `openPgvectorIndex`, `pgvectorTableFactory`.
 */
export { describeVectorTable, ensurePgvector, writeVectorTable } from './vector-table';
export type { HnswBuildSettings, VectorTableInfo, WriteVectorTableOptions } from './vector-table';
export { describeConnection, parseConnection } from './connection';
export type { PgvectorConnection } from './connection';
export type { SqlClient, SqlRow, SqlStatement, SyncSqlClient } from './sql-client';
export { PgvectorError } from './errors';
export type { PgvectorErrorCode } from './errors';
export { MAX_TABLE_NAME, parseTableName } from './table-name';
export type { TableName } from './table-name';
export type { PgvectorMetric } from './vectors';
