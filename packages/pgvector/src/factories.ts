import type { VectorIndexFactory } from '@clrec/spec';
import { PgvectorError } from './errors';
import { type PgvectorBuildOptions, PgvectorIndex, type PgvectorIndexOptions } from './pgvector-index';
import { parseTableName } from './table-name';
import { normalizeRows, type PgvectorMetric, parseVectorLiteral } from './vectors';

/**
 * Factory of pgvector indexes (a `VectorIndexFactory`): each `build` writes the vectors into
 * `options.table` of `options.connection` (default: a fresh in-memory PGlite store per build) and
 * returns a {@link PgvectorIndex} over it.
 */
export function pgvectorIndexFactory(options: PgvectorBuildOptions = {}): VectorIndexFactory<PgvectorIndex> {
  return { specificationVersion: 'v1', name: 'pgvector', build: (vectors, dim) => PgvectorIndex.build(vectors, dim, options) };
}

/** Options of {@link openPgvectorIndex}. */
export interface OpenPgvectorIndexOptions extends PgvectorIndexOptions {
  /** The table's connection (required: attaching to a fresh in-memory store finds nothing). */
  connection: NonNullable<PgvectorIndexOptions['connection']>;
  /** The table. */
  table: string;
  /** Similarity expected (checked against the table's HNSW index; needed for a table without one). */
  metric?: PgvectorMetric;
}

/**
 * Attaches to a table written earlier (`clrec export`, `writeVectorTable`, {@link PgvectorIndex.build}
 * on a persistent connection): vectors exported once are served later without a rebuild.
 * @throws PgvectorError `missing-table`, `bad-table`, `metric-mismatch`, `connect-failed`, `bad-connection`
 */
export function openPgvectorIndex(options: OpenPgvectorIndexOptions): Promise<PgvectorIndex> {
  return PgvectorIndex.open(options);
}

/** Options of {@link pgvectorTableFactory}. */
export interface PgvectorTableFactoryOptions extends OpenPgvectorIndexOptions {
  /** Raw item ids the table's `raw_id` column must hold for the sampled rows (when it has one). */
  rawIds?: ArrayLike<string>;
  /** Rows compared with the vectors given to `build` (spread evenly, first and last included; default 32). */
  sampleRows?: number;
}

/**
 * A `VectorIndexFactory` that builds nothing: `build(vectors, dim)` attaches to the existing table
 * and checks that it holds those vectors: same row count, width and metric, and equal values (and
 * raw ids) in a sample of rows. How a server serves a table exported once instead of rebuilding it.
 * @throws PgvectorError (from `build`) `size-mismatch`, `dim-mismatch`, `metric-mismatch`, `stale-table`, or any error of {@link openPgvectorIndex}
 */
export function pgvectorTableFactory(options: PgvectorTableFactoryOptions): VectorIndexFactory<PgvectorIndex> {
  parseTableName(options.table);
  return {
    specificationVersion: 'v1', name: 'pgvector',
    build: async (vectors, dim) => {
      const index = await PgvectorIndex.open(options);
      try {
        await verifyPgvectorTable(index, vectors, dim, options);
      } catch (e) {
        await index.close();
        throw e;
      }
      return index;
    },
  };
}

/**
 * Checks that an attached index holds `vectors` (`[n, dim]`, as given to a factory's `build`): same
 * width and row count, equal values (after the l2 normalisation a cosine table stores) and, when
 * `rawIds` is given and the table has them, equal raw ids, in `sampleRows` rows spread over the table.
 * @throws PgvectorError `dim-mismatch`, `size-mismatch` or `stale-table`, each saying to re-export
 */
export async function verifyPgvectorTable(
  index: PgvectorIndex, vectors: Float32Array, dim: number, o: { rawIds?: ArrayLike<string>; sampleRows?: number } = {},
): Promise<void> {
  const where = `table ${index.table} in ${index.connection}`;
  const hint = 're-export it (clrec export) from this checkpoint';
  if (index.dim !== dim) throw new PgvectorError('dim-mismatch', `${where} holds ${index.dim}-d vectors but the model's are ${dim}-d; ${hint}`);
  const n = vectors.length / dim;
  if (index.size !== n) throw new PgvectorError('size-mismatch', `${where} holds ${index.size} rows but the model has ${n} items; ${hint}`);
  const count = Math.min(n, Math.max(1, o.sampleRows ?? 32));
  const ids = [...new Set(Array.from({ length: count }, (_, i) => (count === 1 ? 0 : Math.round((i * (n - 1)) / (count - 1)))))];
  const rows = await index.readRows(ids);
  const expected = index.metric === 'cosine' ? normalizeRows(vectors, dim) : vectors;
  for (const id of ids) {
    const row = rows.get(id);
    if (!row) throw new PgvectorError('stale-table', `${where} has no row ${id}; ${hint}`);
    const got = parseVectorLiteral(row.v);
    for (let j = 0; j < dim; j++) {
      const want = expected[id * dim + j];
      if (!(Math.abs(got[j] - want) <= 1e-5 * Math.max(1, Math.abs(want)))) {
        throw new PgvectorError('stale-table', `${where} holds other vectors than the model's (row ${id}, column ${j}: ${got[j]} vs ${want}); ${hint}`);
      }
    }
    if (o.rawIds && row.rawId !== null && row.rawId !== String(o.rawIds[id])) {
      throw new PgvectorError('stale-table', `${where}: row ${id} has raw id "${row.rawId}" but the model's item is "${o.rawIds[id]}"; ${hint}`);
    }
  }
}
