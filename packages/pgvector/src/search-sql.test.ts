import { describe, expect, it } from 'vitest';
import { searchStatements, toResult } from './search-sql';

const base = { table: '"t"', metric: 'cosine' as const, k: 3, efSearch: 40, iterative: true };

describe('searchStatements', () => {
  it('plans one statement per query and keeps zero queries out of the batch', () => {
    const plan = searchStatements({ ...base, queries: ['[1,0]', null, '[0,1]'] });
    expect(plan.statements.map((s) => s.params)).toEqual([['[1,0]', 3], ['[0,1]', 3]]);
    expect(plan.answers).toEqual([0, 2]);
    expect(plan.statements[0].sql).toBe('SELECT "id" AS id, ("v" <=> $1) AS d FROM "t" ORDER BY "v" <=> $1 LIMIT $2');
  });

  it('filters exclusions in SQL under the iterative scan, else over-fetches and raises ef_search', () => {
    const iterative = searchStatements({ ...base, metric: 'dot', queries: ['[1,0]', '[0,1]'], exclude: [[4, 5], null] });
    expect(iterative.statements.map((s) => s.sql)).toEqual([
      'SELECT "id" AS id, ("v" <#> $1) AS d FROM "t" WHERE "id" <> ALL($3::text::int4[]) ORDER BY "v" <#> $1 LIMIT $2',
      'SELECT "id" AS id, ("v" <#> $1) AS d FROM "t" ORDER BY "v" <#> $1 LIMIT $2',
    ]);
    expect(iterative.statements[0].params).toEqual(['[1,0]', 3, '{4,5}']);
    const old = searchStatements({ ...base, k: 39, iterative: false, queries: ['[1,0]'], exclude: [[4, 5]] });
    expect(old.statements.map((s) => s.sql)).toEqual([
      'SET hnsw.ef_search = 41',
      'SELECT "id" AS id, ("v" <=> $1) AS d FROM "t" ORDER BY "v" <=> $1 LIMIT $2',
      'SET hnsw.ef_search = 40',
    ]);
    expect(old.statements[1].params).toEqual(['[1,0]', 41]);
    expect(old.answers).toEqual([-1, 0, -1]);
  });
});

describe('toResult', () => {
  it('re-sorts by distance then lower id, drops exclusions, scores 1 - d (cosine) and pads with -1', () => {
    const plan = { statements: [], answers: [0] };
    const rows = [[{ id: 7, d: 0.5 }, { id: 2, d: 0.5 }, { id: 9, d: 0.1 }, { id: 4, d: Number.NaN }]];
    const r = toResult(plan, rows, ['[1,0]'], 5, 10, 'cosine', [[9]]);
    expect([...r.ids]).toEqual([2, 7, 4, -1, -1]);
    expect([...r.scores]).toEqual([0.5, 0.5, 0, -Infinity, -Infinity]);
  });

  it('scores -d under dot, and answers a zero cosine query with rows 0.. at score 0', () => {
    const plan = { statements: [], answers: [1] };
    const r = toResult(plan, [[{ id: 3, d: -2 }, { id: 1, d: -5 }]], [null, '[1,0]'], 2, 4, 'dot', [[0], null]);
    expect([...r.ids]).toEqual([1, 2, 1, 3]);
    expect([...r.scores]).toEqual([0, 0, 5, 2]);
  });
});
