import { describe, expect, it } from 'vitest';
import { checkConnectionLimits, CONNECTION_DEFAULTS, connectionsCheckInterval, httpServerOptions, resolveConnectionLimits } from './serve-limits';

describe('serve: connection limits', () => {
  it('fills defaults, keeping a missing headers timeout within the request timeout', () => {
    expect(resolveConnectionLimits()).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, idleTimeoutMs: 5_000, maxConnections: 1024 });
    expect(resolveConnectionLimits({ requestTimeoutMs: 4000 })).toEqual({ ...CONNECTION_DEFAULTS, headersTimeoutMs: 4000, requestTimeoutMs: 4000 });
    expect(resolveConnectionLimits({ headersTimeoutMs: undefined, maxConnections: 7 })).toEqual({ ...CONNECTION_DEFAULTS, maxConnections: 7 });
  });

  it('checks the node:http interval often enough for the timeouts to hold within a second', () => {
    expect(connectionsCheckInterval(CONNECTION_DEFAULTS)).toBe(1000);
    expect(connectionsCheckInterval({ ...CONNECTION_DEFAULTS, headersTimeoutMs: 1000, requestTimeoutMs: 2000 })).toBe(500);
    expect(httpServerOptions(CONNECTION_DEFAULTS)).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1000 });
  });

  it('names the flag of a bad limit', () => {
    expect(() => checkConnectionLimits({ ...CONNECTION_DEFAULTS, headersTimeoutMs: 40_000 })).toThrow(/--headers-timeout-ms: 40000 exceeds --request-timeout-ms 30000/);
    expect(() => checkConnectionLimits({ ...CONNECTION_DEFAULTS, idleTimeoutMs: 0 })).toThrow(/--idle-timeout-ms: must be an integer of at least 100 ms, got 0/);
    expect(() => checkConnectionLimits({ ...CONNECTION_DEFAULTS, requestTimeoutMs: 1.5e4 + 0.5 })).toThrow(/--request-timeout-ms/);
    expect(() => checkConnectionLimits({ ...CONNECTION_DEFAULTS, maxConnections: 0 })).toThrow(/--max-connections: must be an integer of at least 1/);
  });
});
