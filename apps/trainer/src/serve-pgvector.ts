import { describeConnection, parseConnection, parseTableName, pgvectorIndexFactory, pgvectorTableFactory } from '@clrec/pgvector/node';
import { ConfigError, type ServeOptions } from '@clrec/training/node';

/** The pgvector flags of `clrec serve`. */
export interface PgvectorServeFlags {
  /** `--pg-url`: `postgres://…`, or `pglite:DIR` / a directory for an embedded store written by `clrec export`. */
  url?: string;
  /** `--pg-table`: the table to serve (default `clrec_items`, the export's default). */
  table?: string;
}

/** Default table of `clrec export --to` and `clrec serve --pg-url`. */
export const DEFAULT_PG_TABLE = 'clrec_items';

/**
 * How `clrec serve --index pgvector` gets its index (a `ServeOptions.indexFactory`), checked before
 * anything is loaded:
 * - no `--pg-url`: an embedded in-memory PGlite store, built from the checkpoint's item vectors at start;
 * - `--pg-url URL [--pg-table T]`: the table `clrec export --to URL --table T` wrote, attached without a
 *   rebuild when it holds the model's item count, width, metric and (sampled) vectors and raw ids,
 *   else a clear error saying to re-export. A popularity prior needs its own column, so it is refused here.
 * @throws ConfigError on a malformed URL or table name, or `--pg-table` without `--pg-url`
 */
export function pgvectorServeIndex(flags: PgvectorServeFlags): NonNullable<ServeOptions['indexFactory']> {
  const guard = <T>(flag: string, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw new ConfigError(`${flag}: ${(e as Error).message}`);
    }
  };
  if (flags.url === undefined) {
    if (flags.table !== undefined) throw new ConfigError('--pg-table: needs --pg-url (the postgres:// server or pglite:DIR store that `clrec export --to` wrote); without it the index is built in memory');
    return ({ metric, ef }) => pgvectorIndexFactory({ metric, efSearch: ef });
  }
  const connection = guard('--pg-url', () => parseConnection(flags.url));
  if (connection.kind === 'pglite' && !connection.dataDir) throw new ConfigError('--pg-url: pglite: names no directory; give pglite:DIR (the store `clrec export --to` wrote) or leave --pg-url out to build in memory');
  const table = guard('--pg-table', () => parseTableName(flags.table ?? DEFAULT_PG_TABLE)).text;
  return ({ metric, prior, ef, model }) => {
    if (prior) {
      throw new ConfigError(`--popularity-prior: table ${table} in ${describeConnection(connection)} holds the model's vectors without the prior's column; ` +
        'serve it with --popularity-prior 0, or leave --pg-url out to build a pgvector index with the prior in memory');
    }
    return pgvectorTableFactory({ connection, table, metric, efSearch: ef, rawIds: model.itemIds.slice(1) });
  };
}
