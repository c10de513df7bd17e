import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConnection } from './connection';
import { openPgvectorIndex, pgvectorIndexFactory, pgvectorTableFactory, verifyPgvectorTable } from './factories';
import { clusteredVectors } from './test-data';
import { writeVectorTable } from './vector-table';
import { openSqlClient } from './worker-sql-client';

const D = 8;
const vectors = clusteredVectors(400, D, 8, 0.2, 21);
const rawIds = Array.from({ length: 400 }, (_, i) => `sku-${i}`);
let dir: string;
let store: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clrec-pgvector-attach-'));
  store = `pglite:${join(dir, 'store')}`;
  // written once (as `clrec export` does), then the client is closed: the store is a directory on disk
  const client = await openSqlClient(parseConnection(store));
  await writeVectorTable(client, { table: 'exported', vectors, dim: D, rawIds });
  await writeVectorTable(client, { table: 'exported_dot', vectors, dim: D, metric: 'dot' });
  await client.query('CREATE TABLE plain (id int4, name text)');
  await client.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openPgvectorIndex (attach to an existing table)', () => {
  it('serves an exported table without rewriting it: size, dim and metric from the table', async () => {
    const factory = pgvectorTableFactory({ connection: store, table: 'exported', rawIds, efSearch: 64 });
    expect(factory.name).toBe('pgvector');
    const index = await factory.build(vectors, D);
    try {
      expect([index.size, index.dim, index.metric, index.hasRawIds, index.efSearch]).toEqual([400, D, 'cosine', true, 64]);
      expect(index.connection).toBe(`embedded PGlite at ${join(dir, 'store')}`);
      const r = index.search(vectors.slice(123 * D, 124 * D), 1);
      expect(r.ids[0]).toBe(123);
      expect((await index.readRows([0, 399, 400])).get(399)?.rawId).toBe('sku-399');
    } finally {
      await index.close();
    }
  });

  it('refuses a table that does not match the model: dim, size, other vectors, raw ids, metric', async () => {
    const index = await openPgvectorIndex({ connection: store, table: 'exported' });
    const build = (o: object, v = vectors, d = D) => verifyPgvectorTable(index, v, d, o);
    await expect(build({}, vectors.subarray(0, 400 * 4), 4)).rejects.toMatchObject({ code: 'dim-mismatch', message: expect.stringMatching(/holds 8-d vectors but the model's are 4-d; re-export/) });
    await expect(build({}, vectors.subarray(0, 399 * D))).rejects.toMatchObject({ code: 'size-mismatch', message: expect.stringMatching(/holds 400 rows but the model has 399 items/) });
    const other = vectors.slice();
    other[399 * D + 3] += 0.5;
    await expect(build({}, other)).rejects.toMatchObject({ code: 'stale-table', message: expect.stringMatching(/other vectors than the model's \(row 399, column \d+: /) });
    await expect(build({ rawIds: rawIds.map((s, i) => (i === 0 ? 'renamed' : s)) })).rejects.toMatchObject({ code: 'stale-table', message: expect.stringMatching(/row 0 has raw id "sku-0" but the model's item is "renamed"/) });
    await index.close();
    await expect(pgvectorTableFactory({ connection: store, table: 'exported', metric: 'dot' }).build(vectors, D))
      .rejects.toMatchObject({ code: 'metric-mismatch', message: expect.stringMatching(/indexed for cosine similarity, not dot/) });
  });

  it('names a missing table, a table that is not a vector table, and an unreachable server', async () => {
    await expect(openPgvectorIndex({ connection: store, table: 'nope' })).rejects.toMatchObject({ code: 'missing-table', message: expect.stringMatching(/table nope does not exist in embedded PGlite at .*; write it first \(clrec export/) });
    const nowhere = join(dir, 'never-written');
    await expect(openPgvectorIndex({ connection: nowhere, table: 'exported' })).rejects.toMatchObject({ code: 'missing-table', message: expect.stringMatching(/^no embedded store at .*never-written; write table exported there first/) });
    expect(existsSync(nowhere)).toBe(false);
    await expect(openPgvectorIndex({ connection: store, table: 'plain' })).rejects.toMatchObject({ code: 'bad-table', message: expect.stringMatching(/no "v vector\(d\)" column \(found id integer, name text\)/) });
    const dot = await openPgvectorIndex({ connection: store, table: 'exported_dot' });
    expect(dot.metric).toBe('dot');
    await dot.close();
    await expect(openPgvectorIndex({ connection: 'postgres://u:pw@127.0.0.1:1/x', table: 'exported', connectTimeoutMs: 10_000 })).rejects.toMatchObject({ code: 'connect-failed' });
  });

  it('builds into a persistent store that a later process can attach to', async () => {
    const built = await pgvectorIndexFactory({ connection: store, table: 'rebuilt', metric: 'dot' }).build(vectors.subarray(0, 50 * D), D);
    await built.close();
    const again = await openPgvectorIndex({ connection: store, table: 'rebuilt', metric: 'dot' });
    expect([again.size, again.metric, again.hasRawIds]).toEqual([50, 'dot', false]);
    await again.close();
  });
});
