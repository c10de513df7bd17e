import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describeConnection, openSqlClient, parseConnection, writeVectorTable } from '@clrec/pgvector/node';
import { ConfigError, loadServingModel } from '@clrec/training/node';
import { DEFAULT_PG_TABLE } from './serve-pgvector';

/** Options of {@link exportToPostgres}. */
export interface ExportToPostgresOptions {
  /** Run directory (uses checkpoints/best, else last) or checkpoint directory. */
  checkpoint: string;
  /** `postgres://user:pass@host:port/db`, or an embedded store directory: `pglite:DIR` or a plain path. */
  to: string;
  /** Table to (re)write, `name` or `schema.name` (default `clrec_items`). */
  table?: string;
  /** HNSW `m` (default 16). */
  m?: number;
  /** HNSW `ef_construction` (default 64). */
  efConstruction?: number;
  /** Progress and summary lines. */
  log?: (line: string) => void;
}

/** What {@link exportToPostgres} wrote. */
export interface ExportToPostgresResult {
  /** Where, password masked. */
  connection: string;
  table: string;
  rows: number;
  dim: number;
  metric: 'cosine' | 'dot';
  seconds: number;
}

/**
 * Writes a checkpoint's item vectors with their raw ids into PostgreSQL + pgvector, for
 * `clrec serve --pg-url` or any SQL client: table `(id int4 primary key, raw_id text, v vector(d))`
 * (row id r = dense item id r + 1; vectors l2-normalised for a cosine model) with an HNSW index
 * (`vector_cosine_ops`, or `vector_ip_ops` for a dot-product model). Idempotent: the table is built
 * under a temporary name and swapped in by one transaction, so a re-export replaces it atomically
 * and a failed one leaves it as it was. Needs an initialised tfjs backend (the model is loaded to
 * compute its item vectors).
 * @throws ConfigError on a malformed `to` or table name; PgvectorError when the database refuses
 */
export async function exportToPostgres(o: ExportToPostgresOptions): Promise<ExportToPostgresResult> {
  const log = o.log ?? (() => {});
  let connection;
  try {
    connection = parseConnection(o.to);
  } catch (e) {
    throw new ConfigError(`--to: ${(e as Error).message}`);
  }
  if (connection.kind === 'pglite' && !connection.dataDir) throw new ConfigError('--to: pglite: names no directory; give pglite:DIR (or a directory) or a postgres:// URL');
  const table = o.table ?? DEFAULT_PG_TABLE;
  const where = describeConnection(connection);
  const t0 = performance.now();
  const model = loadServingModel(o.checkpoint, log);
  try {
    const vectors = model.itemVectors();
    if (connection.kind === 'pglite') mkdirSync(connection.dataDir!, { recursive: true });
    const client = await openSqlClient(connection);
    try {
      log(`export: writing ${model.numItems} item vectors (d ${model.dim}, ${model.similarity}) to table ${table} in ${where}`);
      let lastLog = 0;
      const info = await writeVectorTable(client, {
        table, vectors, dim: model.dim, metric: model.similarity, rawIds: model.itemIds.slice(1), m: o.m, efConstruction: o.efConstruction,
        source: `${basename(dirname(dirname(model.checkpointDir)))}/${basename(model.checkpointDir)}`,
        onProgress: (stage, rows, total) => {
          if (stage === 'index') log(`export: ${total} rows loaded, building the HNSW index`);
          else if (stage === 'insert' && (rows === total || performance.now() - lastLog > 5000)) {
            lastLog = performance.now();
            log(`export: ${rows}/${total} rows loaded`);
          }
        },
      });
      const seconds = (performance.now() - t0) / 1000;
      log(`export: table ${table} in ${where} now holds ${info.rows} rows (${info.metric}); ${seconds.toFixed(1)} s`);
      return { connection: where, table: info.table, rows: info.rows, dim: info.dim, metric: model.similarity, seconds };
    } finally {
      await client.close();
    }
  } finally {
    model.dispose();
  }
}
