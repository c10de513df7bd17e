import type { VectorSearchResult } from '@clrec/spec';
import type { SqlRow, SqlStatement } from './sql-client';
import type { PgvectorMetric } from './vectors';

/** pgvector's largest `hnsw.ef_search`. */
const MAX_EF_SEARCH = 1000;

/** What {@link searchStatements} plans: the statements of one batch and which query each one answers. */
export interface SearchPlan {
  statements: SqlStatement[];
  /** Query row answered by each statement; -1 for a settings statement. */
  answers: number[];
}

/** Inputs of {@link searchStatements}. */
export interface SearchInput {
  /** Quoted table name. */
  table: string;
  metric: PgvectorMetric;
  k: number;
  efSearch: number;
  /** pgvector's iterative scan is on: exclusions go into the WHERE clause and k > ef_search is fine. */
  iterative: boolean;
  /** Each query's vector literal, or null for one answered without the database (a zero query under cosine). */
  queries: (string | null)[];
  exclude?: ReadonlyArray<ArrayLike<number> | null | undefined>;
}

/**
 * The statements of one search batch (run in order in one call to the connection's worker): one per
 * query, `SELECT id, v <=> $1 AS d FROM t [WHERE id <> ALL($3)] ORDER BY v <=> $1 LIMIT $2` (`<#>`
 * for dot), which pgvector answers from the HNSW index. (A single LATERAL join over all queries was
 * measured 3× slower per query in PGlite than separate statements.) Without the iterative scan, exclusions
 * are over-fetched (LIMIT k + their count, filtered afterwards) and `hnsw.ef_search` is raised around a
 * statement whose LIMIT exceeds it (an HNSW scan returns at most ef_search rows then).
 */
export function searchStatements(o: SearchInput): SearchPlan {
  const op = o.metric === 'cosine' ? '<=>' : '<#>';
  const statements: SqlStatement[] = [];
  const answers: number[] = [];
  o.queries.forEach((literal, r) => {
    if (literal === null) return;
    const excluded = o.exclude?.[r];
    const count = excluded ? excluded.length : 0;
    const limit = o.iterative ? o.k : o.k + count;
    const filter = o.iterative && count > 0;
    const sql = `SELECT "id" AS id, ("v" ${op} $1) AS d FROM ${o.table}${filter ? ' WHERE "id" <> ALL($3::text::int4[])' : ''} ORDER BY "v" ${op} $1 LIMIT $2`;
    const params: unknown[] = [literal, limit];
    if (filter) params.push(`{${Array.from(excluded!, (x) => String(Math.trunc(Number(x)))).join(',')}}`);
    const raise = !o.iterative && limit > o.efSearch;
    if (raise) {
      statements.push({ sql: `SET hnsw.ef_search = ${Math.min(limit, MAX_EF_SEARCH)}` });
      answers.push(-1);
    }
    statements.push({ sql, params });
    answers.push(r);
    if (raise) {
      statements.push({ sql: `SET hnsw.ef_search = ${o.efSearch}` });
      answers.push(-1);
    }
  });
  return { statements, answers };
}

/**
 * Turns the rows of a planned batch into a `VectorSearchResult`: excluded ids dropped, re-sorted by
 * distance then lower id, scores 1 − d (cosine; a NaN distance, a zero row, scores 0 as in the exact
 * index) or −d (dot, `<#>` being the negative inner product). Queries planned as null (zero under
 * cosine) get rows 0, 1, … with score 0.
 */
export function toResult(
  plan: SearchPlan, rows: SqlRow[][], queries: (string | null)[], k: number, size: number, metric: PgvectorMetric,
  exclude?: ReadonlyArray<ArrayLike<number> | null | undefined>,
): VectorSearchResult {
  const nq = queries.length;
  const ids = new Int32Array(nq * k).fill(-1);
  const scores = new Float32Array(nq * k).fill(-Infinity);
  const byQuery = new Map<number, SqlRow[]>();
  plan.answers.forEach((q, i) => q >= 0 && byQuery.set(q, rows[i] ?? []));
  for (let q = 0; q < nq; q++) {
    const skip = exclude?.[q] ? new Set(Array.from(exclude[q]!, Number)) : null;
    let filled = 0;
    if (queries[q] === null) {
      for (let id = 0; filled < k && id < size; id++) {
        if (skip?.has(id)) continue;
        ids[q * k + filled] = id;
        scores[q * k + filled++] = 0;
      }
      continue;
    }
    const found: [number, number][] = [];
    for (const row of byQuery.get(q) ?? []) {
      const id = Number(row.id);
      if (skip?.has(id)) continue;
      const d = Number(row.d);
      found.push([id, metric === 'cosine' ? (Number.isNaN(d) ? 1 : d) : d]);
    }
    found.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    for (const [id, d] of found) {
      if (filled === k) break;
      ids[q * k + filled] = id;
      scores[q * k + filled++] = metric === 'cosine' ? 1 - d : -d;
    }
  }
  return { queries: nq, k, ids, scores };
}
