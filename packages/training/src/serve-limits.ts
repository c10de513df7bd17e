import type { Server, ServerOptions as HttpServerOptions } from 'node:http';

/**
 * Connection limits of the recommendation server: how long a client may take to send a request, how
 * long an idle keep-alive connection is kept, and how many connections are open at once. A stalled
 * client (connected and sending nothing, half a header, half a body) is closed by these timeouts, so
 * it cannot hold a connection slot for longer.
 */
export interface ConnectionLimits {
  /**
   * A request's line and headers must arrive within this many ms of its first byte (of the connection,
   * for its first request); else 408 and the connection is closed. At most `requestTimeoutMs`.
   */
  headersTimeoutMs: number;
  /**
   * The whole request, body included, must arrive within this many ms (a client trickling a body is
   * cut off with 408). Twice this is the socket inactivity timeout: a connection on which no byte moves
   * either way for that long (e.g. a client that stops reading its answers) is destroyed.
   */
  requestTimeoutMs: number;
  /**
   * An idle keep-alive connection (its last response sent, no new request) is closed after this many ms
   * (advertised as `Keep-Alive: timeout=…`; Node 20.19+ waits up to 1 s longer so clients retire it first).
   */
  idleTimeoutMs: number;
  /** Connections open at once at most; further ones are closed at once (served ones are untouched). */
  maxConnections: number;
}

/** Default {@link ConnectionLimits}: headers 10 s, request 30 s, idle 5 s, 1024 connections. */
export const CONNECTION_DEFAULTS: ConnectionLimits = {
  headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, idleTimeoutMs: 5_000, maxConnections: 1024,
};

/** The smallest timeout accepted (ms): shorter ones would close connections of ordinary clients. */
export const MIN_TIMEOUT_MS = 100;

/**
 * Fills the limits not given from {@link CONNECTION_DEFAULTS}; a missing headers timeout is at most
 * the request timeout given (so `requestTimeoutMs: 5000` alone is valid).
 */
export function resolveConnectionLimits(given: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<ConnectionLimits>;
  const requestTimeoutMs = defined.requestTimeoutMs ?? CONNECTION_DEFAULTS.requestTimeoutMs;
  return { ...CONNECTION_DEFAULTS, headersTimeoutMs: Math.min(CONNECTION_DEFAULTS.headersTimeoutMs, requestTimeoutMs), ...defined };
}

/**
 * Checks limits (integers; timeouts ≥ {@link MIN_TIMEOUT_MS}; headers ≤ request; ≥ 1 connection).
 * @throws RangeError naming the `clrec serve` flag at fault
 */
export function checkConnectionLimits(l: ConnectionLimits): void {
  const timeouts: [keyof ConnectionLimits, string][] = [
    ['headersTimeoutMs', '--headers-timeout-ms'], ['requestTimeoutMs', '--request-timeout-ms'], ['idleTimeoutMs', '--idle-timeout-ms'],
  ];
  for (const [key, flag] of timeouts) {
    if (!Number.isSafeInteger(l[key]) || l[key] < MIN_TIMEOUT_MS) throw new RangeError(`${flag}: must be an integer of at least ${MIN_TIMEOUT_MS} ms, got ${l[key]}`);
  }
  if (l.headersTimeoutMs > l.requestTimeoutMs) {
    throw new RangeError(`--headers-timeout-ms: ${l.headersTimeoutMs} exceeds --request-timeout-ms ${l.requestTimeoutMs} (the headers are part of the request)`);
  }
  if (!Number.isSafeInteger(l.maxConnections) || l.maxConnections < 1) throw new RangeError(`--max-connections: must be an integer of at least 1, got ${l.maxConnections}`);
}

/**
 * How often Node checks open requests against the headers and request timeouts (its
 * `connectionsCheckingInterval`, 30 s by default, which would let a 10 s headers timeout hold a
 * socket for up to 40 s): half the shorter timeout, at most 1 s, so a timeout holds within 1 s.
 */
export function connectionsCheckInterval(l: ConnectionLimits): number {
  return Math.max(25, Math.min(1000, Math.floor(Math.min(l.headersTimeoutMs, l.requestTimeoutMs) / 2)));
}

/** The `http.createServer` options that enforce the timeouts of `l` (checked first). */
export function httpServerOptions(l: ConnectionLimits): HttpServerOptions {
  checkConnectionLimits(l);
  return {
    headersTimeout: l.headersTimeoutMs,
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.idleTimeoutMs,
    connectionsCheckingInterval: connectionsCheckInterval(l),
  };
}

/**
 * Sets what `createServer` options cannot: the socket inactivity timeout (`server.timeout` =
 * 2 × `requestTimeoutMs`, a backstop behind the request timeout, which answers 408 first; a timed-out
 * socket is destroyed, as no 'timeout' listener is added) and the connection cap
 * (`server.maxConnections`; Node closes the excess connections on accept and emits 'drop').
 */
export function applyConnectionLimits(server: Server, l: ConnectionLimits): void {
  server.timeout = 2 * l.requestTimeoutMs;
  server.maxConnections = l.maxConnections;
}
