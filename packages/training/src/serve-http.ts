import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Recommender } from './serve-recommender';
import { HttpError, parseRecommendRequest, type RequestLimits } from './serve-request';

/** Options of {@link startServer}. */
export interface ServerOptions {
  recommender: Recommender;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** TCP port; 0 picks a free one (default 8080). */
  port?: number;
  /** Largest request body in bytes; larger ones get 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** Request validation limits. */
  limits: RequestLimits;
  /** Facts reported by `GET /health` (index kind, checkpoint, …). */
  info?: Record<string, unknown>;
  /** Log line sink (errors answered with 500 are logged). */
  log?: (line: string) => void;
}

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  server: Server;
  /** Requests answered so far, by status code. */
  counts: Map<number, number>;
  /**
   * Stops accepting connections, lets in-flight requests finish (at most `graceMs`, default 5 s; then
   * open connections are cut) and resolves when the server is closed.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the recommendation HTTP server. Routes: `POST /recommend` (JSON body, see
 * {@link parseRecommendRequest}) → `{"items": [{"id", "score"}], "k", "history_used", "took_ms"}`;
 * `GET /health` → status and model facts. Every client error is a 4xx JSON `{"error": reason}`:
 * malformed JSON, wrong types, unknown items (422), empty or too long sequences, bodies over
 * `maxBodyBytes` (413), unknown paths (404), wrong methods (405). The body is parsed as JSON whatever
 * its content-type (so `curl -d` works without a header).
 * Unexpected failures answer 500 and are logged; no request can stop the server.
 */
export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const maxBody = opts.maxBodyBytes ?? 1 << 20;
  const log = opts.log ?? (() => {});
  const counts = new Map<number, number>();
  const started = Date.now();
  let closing = false;
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    counts.set(status, (counts.get(status) ?? 0) + 1);
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    // once closing, every answer ends its keep-alive connection so the server can finish promptly
    const extra = closing ? { ...headers, connection: 'close' } : headers;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...extra });
    res.end(text);
  };
  const fail = (res: ServerResponse, e: unknown) => {
    if (e instanceof HttpError) {
      send(res, e.status, { error: e.message, ...e.details }, { ...e.headers, ...(e.status === 413 ? { connection: 'close' } : {}) });
    } else {
      log(`serve: internal error: ${(e as Error)?.stack ?? String(e)}`);
      send(res, 500, { error: `internal error: ${(e as Error)?.message ?? String(e)}` });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not allowed on /health; use GET`, {}, { allow: 'GET, HEAD' });
      send(res, 200, { status: 'ok', uptime_s: Math.round((Date.now() - started) / 1000), pending: opts.recommender.pending, ...opts.info });
      return;
    }
    if (path !== '/recommend') throw new HttpError(404, `no route ${path}; use POST /recommend or GET /health`);
    if (req.method !== 'POST') throw new HttpError(405, `${req.method} is not allowed on /recommend; use POST with a JSON body`, {}, { allow: 'POST' });
    const text = await readBody(req, maxBody);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new HttpError(400, `malformed JSON body: ${(e as Error).message}`);
    }
    const t0 = performance.now();
    const parsed = parseRecommendRequest(body, opts.recommender.model.denseIds, opts.limits);
    const items = await opts.recommender.recommend(parsed);
    const historyUsed = Math.min(parsed.history.length, opts.recommender.model.config.maxLen);
    send(res, 200, { items, k: parsed.k, history_used: historyUsed, took_ms: Math.round((performance.now() - t0) * 1000) / 1000 });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => fail(res, e));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // unparsable HTTP (bad request line, header overflow): answer 400 and drop the socket
    if (socket.writable) {
      const body = JSON.stringify({ error: `bad HTTP request: ${err.code ?? err.message}` });
      socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    } else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        url: `http://${host}:${addr.port}`, port: addr.port, server, counts,
        close: (graceMs = 5000) => new Promise<void>((done) => {
          closing = true;
          const timer = setTimeout(() => server.closeAllConnections(), graceMs);
          server.close(() => {
            clearTimeout(timer);
            done();
          });
          server.closeIdleConnections();
        }),
      });
    });
  });
}

/** Reads the whole body as UTF-8, rejecting with 413 as soon as it exceeds `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    req.resume(); // discard the rest; the 413 closes the connection
    return Promise.reject(new HttpError(413, `body of ${declared} bytes exceeds the limit of ${max} bytes (--max-body-bytes)`, { limit_bytes: max }));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        reject(new HttpError(413, `body exceeds the limit of ${max} bytes (--max-body-bytes)`, { limit_bytes: max }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => reject(new HttpError(400, `request body could not be read: ${e.message}`)));
  });
}
