import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { openSqlClient, parseConnection, PgvectorIndex, writeVectorTable } from '@clrec/pgvector/node';
import { loadServingModel, type Serving, startServing, train } from '@clrec/training/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportToPostgres } from './export-postgres';
import { parseServeFlags } from './serve-command';
import { tinyRun } from './test-setup';

const quiet = () => {};
let tmp: string;
let runDir: string;
let store: string;
const open: Serving[] = [];

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
  const { dir, config } = tinyRun({ epochs: 1, maxEvalUsers: 50 });
  tmp = dir;
  runDir = config.out;
  store = join(dir, 'pg-store');
  await train({ config, backend: 'wasm', log: quiet });
}, 60_000);
afterAll(async () => {
  for (const s of open) await s.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Starts a server from `clrec serve` flags (port 0), closed after the file. */
async function serve(flags: Record<string, string>): Promise<Serving> {
  const s = await startServing(parseServeFlags({ checkpoint: runDir, port: '0', k: '10', ...flags }, {}));
  open.push(s);
  return s;
}

/** POST /recommend and the raw ids it returned. */
async function recommend(s: Serving, items: string[], extra: object = {}): Promise<string[]> {
  const res = await fetch(`${s.server.url}/recommend`, { method: 'POST', body: JSON.stringify({ items, k: 10, ...extra }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id);
}

describe('clrec serve --index pgvector', () => {
  it('answers /recommend with the exact index\'s top-10, built at start in an embedded store, and from an exported table', async () => {
    const exact = await serve({ index: 'exact' });
    const built = await serve({ index: 'pgvector', hnswEf: '200' });
    const ids = exact.model.itemIds;
    const histories = [[ids[1], ids[2]], [ids[10]], [ids[40], ids[41], ids[42], ids[7]], [ids[149], ids[3]]];
    const health = await (await fetch(`${built.server.url}/health`)).json();
    expect(health).toMatchObject({ index: 'pgvector', items: 150 });
    const want = await Promise.all(histories.map((h) => recommend(exact, h)));
    for (const [i, h] of histories.entries()) expect(await recommend(built, h), `history ${i}`).toEqual(want[i]);
    // exclude_history over-fetches through the same index
    expect(await recommend(built, histories[2], { exclude_history: true })).toEqual(await recommend(exact, histories[2], { exclude_history: true }));

    // export once (twice: idempotent, the table is replaced), then serve the table without a rebuild
    const first = await exportToPostgres({ checkpoint: runDir, to: `pglite:${store}`, table: 'tiny_items' });
    const again = await exportToPostgres({ checkpoint: runDir, to: store, table: 'tiny_items', log: quiet });
    expect(first).toMatchObject({ table: 'tiny_items', rows: 150, dim: 16, metric: 'cosine', connection: `embedded PGlite at ${store}` });
    expect(again.rows).toBe(150);
    const attached = await serve({ pgUrl: `pglite:${store}`, pgTable: 'tiny_items', hnswEf: '200' });
    expect(attached.index).toBeInstanceOf(PgvectorIndex);
    expect((attached.index as PgvectorIndex).hasRawIds).toBe(true); // (id, raw_id, v) as exported
    for (const [i, h] of histories.entries()) expect(await recommend(attached, h), `history ${i}`).toEqual(want[i]);
    await attached.close();
    open.splice(open.indexOf(attached), 1);
  });

  it('ranks with the popularity prior through an inner-product (vector_ip_ops) pgvector index, as the exact index does', async () => {
    const exact = await serve({ index: 'exact', popularityPrior: '1' });
    const built = await serve({ index: 'pgvector', popularityPrior: '1', hnswEf: '200' });
    expect(built.index.name).toBe('pgvector+bias');
    const ids = exact.model.itemIds;
    for (const h of [[ids[5], ids[6]], [ids[77]]]) expect(await recommend(built, h)).toEqual(await recommend(exact, h));
  });

  it('refuses a missing, mismatched or prior-less table and bad flags with clear errors', async () => {
    // a table of the right width but too few rows, beside the exported one
    const model = loadServingModel(runDir);
    const client = await openSqlClient(parseConnection(store));
    await writeVectorTable(client, { table: 'short_items', vectors: model.itemVectors().subarray(0, 100 * model.dim), dim: model.dim });
    await client.close();
    model.dispose();
    await expect(serve({ pgUrl: store, pgTable: 'short_items' })).rejects.toThrow(/table short_items in embedded PGlite at .* holds 100 rows but the model has 150 items; re-export it/);
    await expect(serve({ pgUrl: store, pgTable: 'absent' })).rejects.toThrow(/table absent does not exist in embedded PGlite at .*; write it first \(clrec export/);
    await expect(serve({ pgUrl: store, pgTable: 'tiny_items', popularityPrior: '1' })).rejects.toThrow(/--popularity-prior: table tiny_items .* without the prior's column/);
    expect(() => parseServeFlags({ checkpoint: runDir, pgUrl: 'mysql://db/x' })).toThrow(/--pg-url: unsupported connection "mysql:\/\/db\/x"/);
    expect(() => parseServeFlags({ checkpoint: runDir, pgUrl: store, pgTable: 'Bad-Name' })).toThrow(/--pg-table: table name "Bad-Name" is not valid/);
    expect(() => parseServeFlags({ checkpoint: runDir, index: 'exact', pgUrl: store })).toThrow(/--pg-url \/ --pg-table: only with --index pgvector, not exact/);
    expect(() => parseServeFlags({ checkpoint: runDir, index: 'pgvector', pgTable: 'x' })).toThrow(/--pg-table: needs --pg-url/);
    expect(() => parseServeFlags({ checkpoint: runDir, index: 'pgvector', hnswEf: '5000' })).toThrow(/--hnsw-ef: must be an integer in \[1, 1000\]/);
    expect(() => parseServeFlags({ checkpoint: runDir, index: 'faiss' })).toThrow(/valid: exact, hnsw, pgvector/);
    await expect(exportToPostgres({ checkpoint: runDir, to: 'pglite:' })).rejects.toThrow(/--to: pglite: names no directory/);
    await expect(exportToPostgres({ checkpoint: runDir, to: 'ftp://x/y' })).rejects.toThrow(/--to: unsupported connection/);
  });
});
