import { binaryCopyRows } from './copy-binary';
import { PgvectorError } from './errors';
import type { SqlClient } from './sql-client';
import { parseTableName, sibling, type TableName } from './table-name';
import { checkMatrix, checkMetric, normalizeRows, type PgvectorMetric, vectorLiteral } from './vectors';

/** HNSW build settings of a vector table (pgvector's `m` and `ef_construction`). */
export interface HnswBuildSettings {
  /** Graph edges per node and layer (pgvector `m`, default 16). */
  m?: number;
  /** Candidate list size while inserting (pgvector `ef_construction`, default 64). */
  efConstruction?: number;
  /** `maintenance_work_mem` for the index build, e.g. `1GB` (default: 512MB on PGlite, the server's setting otherwise). A graph larger than it builds much more slowly. */
  maintenanceWorkMem?: string;
}

/** Options of {@link writeVectorTable}. */
export interface WriteVectorTableOptions extends HnswBuildSettings {
  /** Table to (re)place, `name` or `schema.name`. */
  table: string;
  /** Rows, float32 row-major `[n, dim]`; row r gets id r. Stored l2-normalised for `cosine`. */
  vectors: Float32Array;
  dim: number;
  /** `cosine` (default; `vector_cosine_ops`) or `dot` (`vector_ip_ops`, raw rows). */
  metric?: PgvectorMetric;
  /** Raw item id of each row, stored in a `raw_id text` column (absent: no such column). */
  rawIds?: ArrayLike<string>;
  /** Free text recorded in the table comment (e.g. the checkpoint exported). */
  source?: string;
  /** Rows per INSERT statement, or per binary COPY chunk (default 1000 and 50,000). */
  batchRows?: number;
  /**
   * How rows are loaded: `copy` (binary COPY, on connections that have it: the embedded store),
   * `insert` (batched `INSERT … SELECT FROM unnest(…)`, any connection) or `auto` (default: copy when available).
   */
  load?: 'auto' | 'copy' | 'insert';
  /** Called after each inserted batch (`insert`), before the index build (`index`) and after the swap (`done`). */
  onProgress?: (stage: 'insert' | 'index' | 'done', rows: number, total: number) => void;
}

/** What {@link describeVectorTable} finds about a table. */
export interface VectorTableInfo {
  table: string;
  /** Row count. */
  rows: number;
  /** Smallest and largest id (both -1 for an empty table). */
  minId: number;
  maxId: number;
  /** Width of the `v vector(d)` column. */
  dim: number;
  /** Similarity of its HNSW index (`vector_cosine_ops` → cosine, `vector_ip_ops` → dot), null without one (or with `vector_l2_ops`). */
  metric: PgvectorMetric | null;
  /** Whether an HNSW index exists on `v`. */
  hasHnsw: boolean;
  /** Whether the table has a `raw_id` column. */
  hasRawIds: boolean;
}

const positive = (what: string, v: number, min = 1): number => {
  if (!Number.isInteger(v) || v < min) throw new PgvectorError('bad-argument', `${what} must be an integer >= ${min}, got ${v}`);
  return v;
};

/** `"a","b"` → a Postgres array literal of quoted elements, `{"a","b"}`. */
function arrayLiteral(items: string[]): string {
  return `{${items.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** One batched INSERT of rows `start..end-1`: ids, raw ids and vector texts as three array parameters (text[] cast per row: PGlite's WASM pgvector fails on large vector[] literals). */
function insertStatement(tmp: TableName, columns: string, rows: Float32Array, dim: number, start: number, end: number, rawIds?: ArrayLike<string>): [string, string[]] {
  const ids: string[] = [];
  const vecs: string[] = [];
  const raw: string[] = [];
  for (let r = start; r < end; r++) {
    ids.push(String(r));
    vecs.push(vectorLiteral(rows, r, dim));
    if (rawIds) raw.push(String(rawIds[r]));
  }
  const idList = `{${ids.join(',')}}`;
  return rawIds
    ? [`INSERT INTO ${tmp.sql} ${columns} SELECT x.id, x.raw_id, x.v::vector(${dim}) FROM unnest($1::text::int4[], $2::text::text[], $3::text::text[]) AS x(id, raw_id, v)`, [idList, arrayLiteral(raw), arrayLiteral(vecs)]]
    : [`INSERT INTO ${tmp.sql} ${columns} SELECT x.id, x.v::vector(${dim}) FROM unnest($1::text::int4[], $2::text::text[]) AS x(id, v)`, [idList, arrayLiteral(vecs)]];
}

/** The pgvector version installed in the connected database, after `CREATE EXTENSION IF NOT EXISTS vector`. */
export async function ensurePgvector(client: SqlClient): Promise<string> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (e) {
    const rows = await client.query("SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'").catch(() => []);
    if (rows.length) return String(rows[0].v);
    throw new PgvectorError('connect-failed', `the pgvector extension is not available (${(e as Error).message}); install pgvector on the server or use an embedded pglite: store`);
  }
  const rows = await client.query("SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'");
  return String(rows[0]?.v ?? '0');
}

/**
 * Writes `(id int4 primary key, [raw_id text,] v vector(d))` with an HNSW index (`vector_cosine_ops`
 * or `vector_ip_ops` for the metric) and replaces `table` atomically: the rows go into a temporary
 * table beside it (inserted in batches, index built after the load), which then takes the table's
 * name in one transaction (`DROP` + `ALTER … RENAME`), so readers see the old table or the new one,
 * never a partial one. A failure drops the temporary table and leaves `table` as it was.
 * @throws RangeError on a bad matrix; PgvectorError `bad-table-name`, `bad-argument` or `query-failed`
 */
export async function writeVectorTable(client: SqlClient, o: WriteVectorTableOptions): Promise<VectorTableInfo> {
  const table = parseTableName(o.table);
  const n = checkMatrix(o.vectors, o.dim, 'writeVectorTable: vectors');
  if (n === 0) throw new RangeError('writeVectorTable: vectors is empty (need at least one row)');
  if (n > 2 ** 31 - 1) throw new RangeError(`writeVectorTable: ${n} rows exceed int4 ids`);
  if (o.dim > 16_000) throw new RangeError(`writeVectorTable: dim ${o.dim} exceeds pgvector's 16,000 (and HNSW indexes at most 2,000)`);
  const metric = checkMetric(o.metric ?? 'cosine', 'writeVectorTable');
  const m = positive('writeVectorTable: m', o.m ?? 16, 2);
  const efc = positive('writeVectorTable: efConstruction', o.efConstruction ?? 64, 4);
  if (efc < 2 * m) throw new PgvectorError('bad-argument', `writeVectorTable: efConstruction (${efc}) must be at least 2 × m (${2 * m}), as pgvector requires`);
  const load = o.load ?? 'auto';
  if (load !== 'auto' && load !== 'copy' && load !== 'insert') throw new PgvectorError('bad-argument', `writeVectorTable: load "${String(load)}" is not auto, copy or insert`);
  if (load === 'copy' && !client.copyBinary) throw new PgvectorError('bad-argument', `writeVectorTable: load "copy" needs a connection with binary COPY (the embedded store); a ${client.kind} connection inserts`);
  const copy = load !== 'insert' && client.copyBinary ? client.copyBinary.bind(client) : null;
  const batchRows = positive('writeVectorTable: batchRows', o.batchRows ?? (copy ? 50_000 : 1000));
  if (o.rawIds && o.rawIds.length !== n) throw new PgvectorError('bad-argument', `writeVectorTable: ${o.rawIds.length} raw ids for ${n} rows`);
  const mem = o.maintenanceWorkMem ?? (client.kind === 'pglite' ? '512MB' : undefined);
  if (mem !== undefined && !/^\d+\s*(kB|MB|GB)$/.test(mem)) throw new PgvectorError('bad-argument', `writeVectorTable: maintenanceWorkMem "${mem}" is not like 512MB or 1GB`);
  const rows = metric === 'cosine' ? normalizeRows(o.vectors, o.dim) : o.vectors;
  await ensurePgvector(client);
  const suffix = Math.floor(Math.random() * 0x1000000).toString(16).padStart(6, '0');
  const tmp = sibling(table, `${table.name}_new_${suffix}`);
  const raw = o.rawIds ? '"raw_id" text NOT NULL, ' : '';
  await client.query(`CREATE TABLE ${tmp.sql} ("id" int4 NOT NULL, ${raw}"v" vector(${o.dim}) NOT NULL, CONSTRAINT "${tmp.name}_pkey" PRIMARY KEY ("id"))`);
  try {
    const columns = o.rawIds ? '("id", "raw_id", "v")' : '("id", "v")';
    for (let start = 0; start < n; start += batchRows) {
      const end = Math.min(n, start + batchRows);
      if (copy) await copy(`COPY ${tmp.sql} ${columns} FROM '/dev/blob' WITH (FORMAT binary)`, binaryCopyRows(rows, o.dim, start, end, o.rawIds));
      else await client.query(...insertStatement(tmp, columns, rows, o.dim, start, end, o.rawIds));
      o.onProgress?.('insert', end, n);
    }
    o.onProgress?.('index', n, n);
    const ops = metric === 'cosine' ? 'vector_cosine_ops' : 'vector_ip_ops';
    await client.batch([
      ...(mem ? [{ sql: `SET maintenance_work_mem = '${mem}'` }] : []),
      { sql: `CREATE INDEX "${tmp.name}_v_hnsw" ON ${tmp.sql} USING hnsw ("v" ${ops}) WITH (m = ${m}, ef_construction = ${efc})` },
      ...(mem ? [{ sql: 'RESET maintenance_work_mem' }] : []),
    ]);
    const comment = JSON.stringify({ tool: 'clrec', metric, dim: o.dim, rows: n, m, efConstruction: efc, ...(o.source ? { source: o.source } : {}), createdAt: new Date().toISOString() });
    await swap(client, table, tmp, comment);
  } catch (e) {
    await client.query(`DROP TABLE IF EXISTS ${tmp.sql}`).catch(() => {});
    throw e;
  }
  o.onProgress?.('done', n, n);
  return { table: table.text, rows: n, minId: 0, maxId: n - 1, dim: o.dim, metric, hasHnsw: true, hasRawIds: !!o.rawIds };
}

/** Renames `tmp` (and its indexes) to `table`, dropping the old one, in one transaction. */
async function swap(client: SqlClient, table: TableName, tmp: TableName, comment: string): Promise<void> {
  const idx = (t: TableName, what: string) => sibling(t, `${t.name}_${what}`);
  try {
    await client.batch([
      { sql: 'BEGIN' },
      { sql: `DROP TABLE IF EXISTS ${table.sql}` },
      { sql: `ALTER TABLE ${tmp.sql} RENAME TO "${table.name}"` },
      { sql: `ALTER INDEX ${idx(tmp, 'pkey').sql} RENAME TO "${table.name}_pkey"` },
      { sql: `ALTER INDEX ${idx(tmp, 'v_hnsw').sql} RENAME TO "${table.name}_v_hnsw"` },
      { sql: `COMMENT ON TABLE ${table.sql} IS '${comment.replace(/'/g, "''")}'` },
      { sql: 'COMMIT' },
    ]);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

/**
 * Reads what a table holds (rows, id range, vector width, the metric of its HNSW index, whether it
 * has raw ids), or null when no such table exists.
 * @throws PgvectorError `bad-table` when it has no `v vector(d)` or `id` integer column
 */
export async function describeVectorTable(client: SqlClient, tableName: string): Promise<VectorTableInfo | null> {
  const table = parseTableName(tableName);
  const [reg] = await client.query('SELECT to_regclass($1)::text AS reg', [table.sql]);
  if (!reg || reg.reg === null || reg.reg === undefined) return null;
  const cols = await client.query(
    'SELECT attname::text AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped',
    [table.sql],
  );
  const type = (name: string) => cols.find((c) => c.name === name)?.type as string | undefined;
  const vec = /^vector\((\d+)\)$/.exec(type('v') ?? '');
  if (!vec) throw new PgvectorError('bad-table', `table ${table.text} has no "v vector(d)" column (found ${cols.map((c) => `${c.name} ${c.type}`).join(', ') || 'no columns'})`);
  if (!['integer', 'bigint', 'smallint'].includes(type('id') ?? '')) throw new PgvectorError('bad-table', `table ${table.text} has no integer "id" column`);
  const defs = await client.query('SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = to_regclass($1)', [table.sql]);
  const hnsw = defs.map((d) => String(d.def)).find((d) => /USING hnsw\s*\(\s*"?v"?\s/i.test(d));
  const metric = hnsw ? (/vector_cosine_ops/.test(hnsw) ? 'cosine' : /vector_ip_ops/.test(hnsw) ? 'dot' : null) : null;
  const [stats] = await client.query(`SELECT count(*)::int8::text AS n, coalesce(min("id"), -1)::int8::text AS lo, coalesce(max("id"), -1)::int8::text AS hi FROM ${table.sql}`);
  return {
    table: table.text, rows: Number(stats.n), minId: Number(stats.lo), maxId: Number(stats.hi), dim: Number(vec[1]), metric, hasHnsw: !!hnsw,
    hasRawIds: type('raw_id') === 'text',
  };
}
