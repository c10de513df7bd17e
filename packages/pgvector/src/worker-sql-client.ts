import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { describeConnection, type PgvectorConnection } from './connection';
import { PgvectorError } from './errors';
import type { SqlRow, SqlStatement, SyncSqlClient } from './sql-client';
import { WORKER_SOURCE } from './worker-source';

/** Options of {@link openSqlClient}. */
export interface SqlClientOptions {
  /** How long opening may take: a server's TCP connect and login, or PGlite's start (default 30 s). */
  connectTimeoutMs?: number;
  /** Default limit of a blocking batch ({@link SyncSqlClient.batchSync}; default 30 s). */
  queryTimeoutMs?: number;
}

interface Reply {
  id: number;
  ok: boolean;
  rows: SqlRow[][];
  error?: { message: string; code?: string };
}

/** This module's file (the CommonJS build gets `import.meta.url` from tsup's shim). */
function moduleFile(): string {
  return fileURLToPath(import.meta.url);
}

/** Absolute paths of the drivers, resolved from this package so the worker finds them wherever it runs. */
function driverPaths(): { pglite: string; vector: string; pg: string } {
  const req = createRequire(moduleFile());
  return { pglite: req.resolve('@electric-sql/pglite'), vector: req.resolve('@electric-sql/pglite/vector'), pg: req.resolve('pg') };
}

/** A driver error as a {@link PgvectorError} (`query-failed` with the SQLSTATE when there is one). */
function failure(where: string, error: Reply['error'], code: 'query-failed' | 'connect-failed' = 'query-failed'): PgvectorError {
  if (error?.code === 'CLOSED') return new PgvectorError('closed', `${where}: the connection is closed`);
  const state = error?.code && /^[0-9A-Z]{5}$/.test(error.code) ? error.code : undefined;
  return new PgvectorError(code, `${where}: ${error?.message ?? 'unknown error'}${state ? ` (SQLSTATE ${state})` : ''}`, state);
}

/**
 * A {@link SyncSqlClient} whose connection lives in a worker thread: asynchronous calls are messages,
 * blocking calls post a message and wait on a shared-memory counter for the reply. The worker is
 * unreferenced while no asynchronous call is pending, so an open client does not keep the process alive.
 */
class WorkerSqlClient implements SyncSqlClient {
  readonly kind: 'postgres' | 'pglite';
  /** Binary COPY (embedded store only; undefined for a server, which gets batched INSERTs). */
  readonly copyBinary?: (sql: string, data: Uint8Array) => Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: SqlRow[][]) => void; reject: (e: Error) => void; where: string }>();
  private closed: Promise<void> | null = null;
  private exited = false;

  constructor(
    private readonly worker: Worker, private readonly syncPort: MessagePort, private readonly signal: Int32Array,
    private readonly label: string, kind: 'postgres' | 'pglite', private readonly queryTimeoutMs: number,
  ) {
    this.kind = kind;
    if (kind === 'pglite') this.copyBinary = async (sql, data) => void (await this.call({ op: 'copy', sql, data }));
    worker.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      this.refresh();
      if (r.ok) p.resolve(r.rows);
      else p.reject(failure(p.where, r.error));
    });
    worker.on('error', () => {}); // the worker ends after an error; 'exit' below fails what was waiting
    worker.on('exit', () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new PgvectorError('closed', `${p.where}: the SQL worker for ${this.label} exited`));
      this.pending.clear();
    });
    this.refresh();
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    return (await this.batch([{ sql, params }]))[0];
  }

  batch(statements: readonly SqlStatement[]): Promise<SqlRow[][]> {
    return this.call({ op: 'batch', statements: statements.map((s) => ({ sql: s.sql, params: s.params ? [...s.params] : [] })) });
  }


  batchSync(statements: readonly SqlStatement[], timeoutMs = this.queryTimeoutMs): SqlRow[][] {
    this.live('query');
    const id = this.nextId++;
    const before = Atomics.load(this.signal, 0);
    this.worker.postMessage({ id, sync: true, op: 'batch', statements: statements.map((s) => ({ sql: s.sql, params: s.params ? [...s.params] : [] })) });
    const deadline = performance.now() + timeoutMs;
    let seen = before;
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) throw new PgvectorError('timeout', `${this.label}: no answer within ${timeoutMs} ms`);
      Atomics.wait(this.signal, 0, seen, left);
      seen = Atomics.load(this.signal, 0);
      for (let m = receiveMessageOnPort(this.syncPort); m; m = receiveMessageOnPort(this.syncPort)) {
        const r = m.message as Reply;
        if (r.id !== id) continue; // the late answer of a call that timed out
        if (!r.ok) throw failure(this.label, r.error);
        return r.rows;
      }
    }
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => void this.worker.terminate(), 10_000);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        this.syncPort.close();
        resolve();
      });
      this.worker.ref();
      this.worker.postMessage({ id: this.nextId++, sync: false, op: 'close' });
    });
    return this.closed;
  }

  /** Posts one asynchronous call and resolves with its rows. */
  private call(message: Record<string, unknown>): Promise<SqlRow[][]> {
    this.live('query');
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, where: this.label });
      this.refresh();
      this.worker.postMessage({ id, sync: false, ...message });
    });
  }

  private live(what: string): void {
    if (this.closed || this.exited) throw new PgvectorError('closed', `${this.label}: cannot ${what}, the connection is closed`);
  }

  /** Keeps the process alive exactly while an asynchronous call waits for its answer. */
  private refresh(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}

/**
 * Opens a connection in a worker thread: an embedded PGlite store (with pgvector loaded) or a
 * Postgres server through `pg`. Resolves once the store is open and answering.
 * @throws PgvectorError `connect-failed` (server unreachable, login refused, store unreadable) or `timeout`
 */
export async function openSqlClient(given: PgvectorConnection, options: SqlClientOptions = {}): Promise<SyncSqlClient> {
  const connection: PgvectorConnection = given.kind === 'pglite' && given.dataDir ? { kind: 'pglite', dataDir: resolve(given.dataDir) } : given;
  const connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
  const queryTimeoutMs = options.queryTimeoutMs ?? 30_000;
  for (const [name, v] of [['connectTimeoutMs', connectTimeoutMs], ['queryTimeoutMs', queryTimeoutMs]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new PgvectorError('bad-argument', `openSqlClient: ${name} must be a positive integer (ms), got ${v}`);
  }
  const label = describeConnection(connection);
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, {
    // the source is CommonJS: drop a parent's --input-type=module, which eval'd workers inherit
    eval: true, execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')), workerData: { connection, modules: driverPaths(), signal, syncPort: port2, connectTimeoutMs }, transferList: [port2],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new PgvectorError('timeout', `${label}: not open after ${connectTimeoutMs} ms`)), connectTimeoutMs);
      const done = (e?: Error) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (e) reject(e);
        else resolve();
      };
      const onMessage = (r: Reply) => {
        if (r.id === 0) done(r.ok ? undefined : failure(`cannot open ${label}`, r.error, 'connect-failed'));
      };
      const onError = (e: Error) => done(new PgvectorError('connect-failed', `cannot open ${label}: ${e.message}`));
      const onExit = (code: number) => done(new PgvectorError('connect-failed', `cannot open ${label}: the SQL worker exited with code ${code}`));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  } catch (e) {
    port1.close();
    await worker.terminate();
    throw e;
  }
  return new WorkerSqlClient(worker, port1, new Int32Array(signal), label, connection.kind, queryTimeoutMs);
}
