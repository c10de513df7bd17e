import { PgvectorError } from './errors';

/** A checked table name: `schema` (or null for the search path) and `name`, both plain lower-case identifiers. */
export interface TableName {
  schema: string | null;
  name: string;
  /** The quoted SQL form, `"schema"."name"` or `"name"`. */
  sql: string;
  /** As the user wrote it (for messages). */
  text: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Longest table name accepted: room for the suffixes of the temporary table and the index names (Postgres allows 63 bytes). */
export const MAX_TABLE_NAME = 40;

/**
 * Parses `name` or `schema.name`: lower-case letters, digits and underscores, not starting with a
 * digit, at most {@link MAX_TABLE_NAME} characters each (no quoting games: what `psql` shows is the name).
 * @throws PgvectorError `bad-table-name`
 */
export function parseTableName(text: unknown): TableName {
  if (typeof text !== 'string') throw new PgvectorError('bad-table-name', `table name must be a string, got ${typeof text}`);
  const parts = text.split('.');
  const ok = parts.length <= 2 && parts.every((p) => IDENT.test(p) && p.length <= MAX_TABLE_NAME);
  if (!ok) {
    throw new PgvectorError('bad-table-name', `table name "${text}" is not valid: use lower-case letters, digits and _ (not first), optionally schema.name, at most ${MAX_TABLE_NAME} characters each`);
  }
  const [schema, name] = parts.length === 2 ? parts : [null, parts[0]];
  return { schema, name, text, sql: schema ? `"${schema}"."${name}"` : `"${name}"` };
}

/** The same schema with another table name (temporary tables and index names live beside the table). */
export function sibling(t: TableName, name: string): TableName {
  return { schema: t.schema, name, text: t.schema ? `${t.schema}.${name}` : name, sql: t.schema ? `"${t.schema}"."${name}"` : `"${name}"` };
}
