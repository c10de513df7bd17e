import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BearerAuth } from './serve-auth';
import { clientErrorAnswer, rawAnswer, readBody } from './serve-body';
import { applyConnectionLimits, type ConnectionLimits, httpServerOptions, resolveConnectionLimits } from './serve-limits';
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
  /** Timeouts and the connection cap (missing ones as `resolveConnectionLimits` fills them). */
  connections?: Partial<ConnectionLimits>;
  /**
   * Bearer token every request but `GET /health` must present (`Authorization: Bearer <token>`), or
   * null / absent for none. Never logged.
   */
  token?: string | null;
  /** Facts reported by `GET /health` (index kind, model name, …); keep host paths out of them. */
  info?: Record<string, unknown>;
  /** Log line sink (errors answered with 500 are logged). */
  log?: (line: string) => void;
}

/** Connection events counted by the server. */
export interface ConnectionStats {
  /** Connections closed on accept because `maxConnections` were open. */
  dropped: number;
  /** Connections closed because a request did not arrive within the headers or request timeout. */
  timedOut: number;
}

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  server: Server;
  /** Requests answered so far, by status code (answers to requests that timed out included). */
  counts: Map<number, number>;
  /** Connections dropped at the cap or timed out, so far. */
  stats: ConnectionStats;
  /** The limits in force (defaults filled in). */
  connectionLimits: ConnectionLimits;
  /**
   * Stops accepting connections, lets in-flight requests finish (at most `graceMs`, default 5 s; then
   * open connections are cut) and resolves when the server is closed.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the recommendation HTTP server. Routes: `POST /recommend` (JSON body, see
 * {@link parseRecommendRequest}) → `{"items": [{"id", "score"}], "k", "returned", "history_used", "took_ms"}`
 * where `k` is the list length asked for (or the default) and `returned` the number of items in
 * `items`, fewer than `k` when too few items are left (e.g. `exclude_history` on a small catalog);
 * `GET /health` → status, `auth` (`"bearer"` or `"none"`), uptime, connection counters and model facts
 * (with a token set, a request without it gets only status, auth and uptime). With a token, every
 * other request without `Authorization: Bearer <token>` gets 401 and `WWW-Authenticate: Bearer`.
 * Every client error is a 4xx JSON `{"error": reason}`: malformed JSON, wrong types, unknown items (422),
 * empty or too long sequences, bodies over `maxBodyBytes` (413), unknown paths (404), wrong methods
 * (405), requests not received within the headers or request timeout (408, connection closed). The
 * body is parsed as JSON whatever its content-type (so `curl -d` works without a header).
 * Unexpected failures answer 500 and are logged; no request can stop the server.
 */
export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const maxBody = opts.maxBodyBytes ?? 1 << 20;
  const log = opts.log ?? (() => {});
  const limits = resolveConnectionLimits(opts.connections);
  const httpOptions = httpServerOptions(limits); // validates
  const auth = opts.token ? new BearerAuth(opts.token) : null;
  const counts = new Map<number, number>();
  const stats: ConnectionStats = { dropped: 0, timedOut: 0 };
  const count = (status: number) => counts.set(status, (counts.get(status) ?? 0) + 1);
  const started = Date.now();
  let closing = false;
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return;
    count(status);
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
      const base = { status: 'ok', auth: auth ? 'bearer' : 'none', uptime_s: Math.round((Date.now() - started) / 1000) };
      if (auth && !auth.matches(req.headers.authorization)) return send(res, 200, base);
      send(res, 200, { ...base, pending: opts.recommender.pending, dropped_connections: stats.dropped, timed_out_connections: stats.timedOut, ...opts.info });
      return;
    }
    auth?.check(req.headers.authorization); // before routing and before reading any body
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
    send(res, 200, { items, k: parsed.k, returned: items.length, history_used: historyUsed, took_ms: Math.round((performance.now() - t0) * 1000) / 1000 });
  };

  const server = createServer(httpOptions, (req, res) => {
    handle(req, res).catch((e) => fail(res, e));
  });
  applyConnectionLimits(server, limits);
  server.on('drop', () => stats.dropped++);
  const onClientError = (err: NodeJS.ErrnoException, socket: Socket) => {
    // unparsable HTTP (bad request line, header overflow) or a request not received in time: answer
    // 400 / 431 / 408 unless a response is already under way, and drop the connection
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') stats.timedOut++;
    const answer = clientErrorAnswer(err.code, err.message, limits);
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (inFlight && !inFlight.headersSent && !inFlight.destroyed) {
      send(inFlight, answer.status, { error: answer.error }, { connection: 'close' }); // half a body: the handler is waiting for the rest
    } else if (!inFlight && socket.writable) {
      count(answer.status);
      socket.end(rawAnswer(answer));
    } else {
      socket.destroy();
      return;
    }
    // a client that reads nothing must not keep the socket open either
    setTimeout(() => socket.destroy(), 1000).unref();
  };
  server.on('clientError', onClientError);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        url: `http://${host}:${addr.port}`, port: addr.port, server, counts, stats, connectionLimits: limits,
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
