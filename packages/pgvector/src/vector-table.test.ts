import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConnection } from './connection';
import { PgvectorError } from './errors';
import type { SqlClient, SyncSqlClient } from './sql-client';
import { clusteredVectors } from './test-data';
import { describeVectorTable, writeVectorTable } from './vector-table';
import { normalizeRows, parseVectorLiteral } from './vectors';
import { openSqlClient } from './worker-sql-client';

// The `pg` server path cannot run here (no Postgres server): its SQL is the same as the embedded
// store's, so it is exercised through the same SqlClient interface on PGlite with `load: 'insert'`
// (the batched INSERTs a server gets instead of binary COPY).
const D = 8;
const vectors = clusteredVectors(300, D, 5, 0.2, 3);
const rawIds = Array.from({ length: 300 }, (_, i) => `item-${i}${i === 7 ? ' "quoted", \\ and ,' : ''}`);
let dir: string;
let client: SyncSqlClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clrec-pgvector-table-'));
  client = await openSqlClient(parseConnection(`pglite:${join(dir, 'store')}`));
}, 60_000);
afterAll(async () => {
  await client?.close();
  rmSync(dir, { recursive: true, force: true });
});

const tables = async (c: SqlClient) => (await c.query("SELECT relname::text AS t FROM pg_class WHERE relkind = 'r' AND relname LIKE 'items%' ORDER BY 1")).map((r) => r.t);

describe('writeVectorTable', () => {
  it('writes rows, raw ids and an HNSW index the same way by INSERT (server path) and by binary COPY (embedded)', async () => {
    const a = await writeVectorTable(client, { table: 'items_insert', vectors, dim: D, rawIds, load: 'insert', batchRows: 64 });
    const b = await writeVectorTable(client, { table: 'items_copy', vectors, dim: D, rawIds, load: 'copy', batchRows: 128 });
    expect(a).toEqual({ ...b, table: 'items_insert' });
    for (const t of ['items_insert', 'items_copy']) {
      expect(await describeVectorTable(client, t)).toEqual({ table: t, rows: 300, minId: 0, maxId: 299, dim: D, metric: 'cosine', hasHnsw: true, hasRawIds: true });
    }
    const read = async (t: string) => client.query(`SELECT id, raw_id, v::text AS v FROM ${t} ORDER BY id`);
    const [ins, cop] = [await read('items_insert'), await read('items_copy')];
    expect(ins).toEqual(cop);
    expect(ins[7].raw_id).toBe(rawIds[7]);
    // stored l2-normalised (cosine), exactly as float32
    const want = normalizeRows(vectors, D);
    expect([...parseVectorLiteral(String(ins[299].v))]).toEqual([...want.subarray(299 * D, 300 * D)]);
    const [idx] = await client.query("SELECT pg_get_indexdef('items_copy_v_hnsw'::regclass) AS def");
    expect(idx.def).toMatch(/USING hnsw \(v vector_cosine_ops\) WITH \(m='16', ef_construction='64'\)/);
    const [comment] = await client.query("SELECT obj_description('items_copy'::regclass) AS c");
    expect(JSON.parse(String(comment.c))).toMatchObject({ tool: 'clrec', metric: 'cosine', dim: D, rows: 300 });
  });

  it('replaces a table atomically, keeps it when the rewrite fails, and leaves no temporary table', async () => {
    await writeVectorTable(client, { table: 'items_swap', vectors, dim: D, metric: 'dot' });
    await writeVectorTable(client, { table: 'items_swap', vectors: vectors.subarray(0, 100 * D), dim: D, metric: 'dot', m: 8, efConstruction: 32 });
    expect(await describeVectorTable(client, 'items_swap')).toMatchObject({ rows: 100, metric: 'dot' });
    const failing: SqlClient = {
      kind: client.kind, query: (s, p) => client.query(s, p), close: () => client.close(), copyBinary: client.copyBinary,
      batch: (st) => (st.some((s) => /CREATE INDEX/.test(s.sql)) ? Promise.reject(new PgvectorError('query-failed', 'boom')) : client.batch(st)),
    };
    await expect(writeVectorTable(failing, { table: 'items_swap', vectors, dim: D })).rejects.toThrow(/boom/);
    expect(await describeVectorTable(client, 'items_swap')).toMatchObject({ rows: 100, metric: 'dot' });
    expect(await tables(client)).toEqual(['items_copy', 'items_insert', 'items_swap']);
    expect(await describeVectorTable(client, 'items_missing')).toBeNull();
  });

  it('rejects bad options with specific errors', async () => {
    const w = (o: object) => writeVectorTable(client, { table: 'items_bad', vectors, dim: D, ...o });
    await expect(w({ table: 'Bad Name' })).rejects.toMatchObject({ code: 'bad-table-name' });
    await expect(w({ rawIds: ['a'] })).rejects.toThrow(/1 raw ids for 300 rows/);
    await expect(w({ m: 16, efConstruction: 16 })).rejects.toThrow(/efConstruction \(16\) must be at least 2 × m \(32\)/);
    await expect(w({ maintenanceWorkMem: 'lots' })).rejects.toThrow(/maintenanceWorkMem "lots"/);
    await expect(w({ load: 'copy', vectors: vectors.subarray(0, 3) })).rejects.toThrow(RangeError);
    expect(await tables(client)).not.toContain('items_bad');
  });
});

describe('openSqlClient', () => {
  it('fails to connect to a server that is not there with connect-failed, the password masked', async () => {
    const err = await openSqlClient(parseConnection('postgres://app:hunter2@127.0.0.1:1/recs'), { connectTimeoutMs: 10_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(PgvectorError);
    expect(err.code).toBe('connect-failed');
    expect(err.message).toMatch(/^cannot open postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/recs: .*ECONNREFUSED/);
    expect(err.message).not.toMatch(/hunter2/);
  });

  it('turns a database error into query-failed with its SQLSTATE, and stays usable', async () => {
    const err = await client.query('SELECT * FROM no_such_table').catch((e) => e);
    expect(err).toMatchObject({ code: 'query-failed', sqlState: '42P01' });
    expect(() => client.batchSync([{ sql: 'SELECT nope FROM no_such_table' }])).toThrow(/no_such_table.*SQLSTATE 42P01/);
    expect(client.batchSync([{ sql: 'SELECT $1::int + 1 AS x', params: [41] }])).toEqual([[{ x: 42 }]]);
  });
});
