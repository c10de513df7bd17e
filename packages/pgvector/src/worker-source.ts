/**
 * The SQL worker's code (CommonJS, run by `new Worker(code, { eval: true })`, so it needs no file of
 * its own beside the bundle). It opens one connection (PGlite with pgvector, or a `pg` client; the
 * modules are required from the absolute paths in `workerData.modules`) and runs batches of
 * statements in order. Replies go to `parentPort` (asynchronous calls) or to `workerData.syncPort`
 * followed by an `Atomics.notify` on `workerData.signal` (blocking calls).
 */
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { connection, modules, signal, syncPort } = workerData;
const flag = new Int32Array(signal);
let db = null;
let closing = false;
const errorOf = (e) => ({ message: String((e && e.message) || e), code: e && typeof e.code === 'string' ? e.code : undefined });
async function open() {
  if (connection.kind === 'pglite') {
    const { PGlite } = require(modules.pglite);
    const { vector } = require(modules.vector);
    const pg = await PGlite.create(connection.dataDir ? { dataDir: connection.dataDir, extensions: { vector } } : { extensions: { vector } });
    return {
      run: async (sql, params) => (params && params.length ? (await pg.query(sql, params)).rows : (await pg.exec(sql)).flatMap((r) => r.rows)),
      copy: async (sql, data) => { await pg.query(sql, [], { blob: new Blob([data]) }); },
      close: () => pg.close(),
    };
  }
  const { Client } = require(modules.pg);
  const client = new Client({ connectionString: connection.url, connectionTimeoutMillis: workerData.connectTimeoutMs });
  client.on('error', () => {}); // a dropped connection fails the next query instead of the worker
  await client.connect();
  return {
    run: async (sql, params) => {
      const r = await client.query(params && params.length ? { text: sql, values: params } : sql);
      return Array.isArray(r) ? r.flatMap((x) => x.rows || []) : r.rows || [];
    },
    close: () => client.end(),
  };
}
function reply(msg, body) {
  if (msg.sync) {
    syncPort.postMessage({ id: msg.id, ...body });
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  } else parentPort.postMessage({ id: msg.id, ...body });
}
let chain = open().then((d) => {
  db = d;
  parentPort.postMessage({ id: 0, ok: true, rows: [] });
}, (e) => {
  parentPort.postMessage({ id: 0, ok: false, error: errorOf(e) });
  process.exit(1);
});
parentPort.on('message', (msg) => {
  chain = chain.then(async () => {
    if (msg.op === 'close') {
      closing = true;
      try { if (db) await db.close(); reply(msg, { ok: true, rows: [] }); } catch (e) { reply(msg, { ok: false, error: errorOf(e) }); }
      process.exit(0);
    }
    if (closing) return reply(msg, { ok: false, error: { message: 'the connection is closed', code: 'CLOSED' } });
    const rows = [];
    try {
      if (msg.op === 'copy') {
        if (!db.copy) throw new Error('binary COPY is not supported on this connection');
        await db.copy(msg.sql, msg.data);
        return reply(msg, { ok: true, rows: [] });
      }
      for (const s of msg.statements) rows.push(await db.run(s.sql, s.params));
      reply(msg, { ok: true, rows });
    } catch (e) {
      reply(msg, { ok: false, error: errorOf(e) });
    }
  });
});
`;
