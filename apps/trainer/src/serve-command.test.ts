import { describe, expect, it } from 'vitest';
import { SERVE_DEFAULTS } from '@clrec/training/node';
import { parseServeFlags } from './serve-command';

describe('clrec serve flags', () => {
  it('parses serve flags, naming the bad ones', () => {
    expect(parseServeFlags({ checkpoint: 'run', port: '0', index: 'hnsw', k: '20' }, {})).toEqual({ ...SERVE_DEFAULTS, checkpoint: 'run', port: 0, index: 'hnsw', k: 20 });
    expect(() => parseServeFlags({})).toThrow(/--checkpoint: required/);
    expect(parseServeFlags({ checkpoint: 'run', popularityPrior: '0.5' }).popularityPrior).toBe(0.5);
    expect(() => parseServeFlags({ checkpoint: 'run', popularityPrior: 'lots' })).toThrow(/--popularity-prior: "popularityPrior" must be a number, got "lots"/);
    expect(() => parseServeFlags({ checkpoint: 'run', port: '70000' })).toThrow(/--port: must be an integer in \[0, 65535\], got "70000"/);
    expect(() => parseServeFlags({ checkpoint: 'run', maxBodyBytes: '10' })).toThrow(/--max-body-bytes: must be an integer in \[64,/);
    expect(() => parseServeFlags({ checkpoint: 'run', index: 'faiss' })).toThrow(/--index: unknown index "faiss"; valid: exact, hnsw/);
  });

  it('parses the timeouts and the connection cap, with sane defaults', () => {
    const d = parseServeFlags({ checkpoint: 'run' }, {});
    expect([d.headersTimeoutMs, d.requestTimeoutMs, d.idleTimeoutMs, d.maxConnections, d.token]).toEqual([10_000, 30_000, 5_000, 1024, null]);
    expect(parseServeFlags({ checkpoint: 'run', headersTimeoutMs: '1000', requestTimeoutMs: '2000', idleTimeoutMs: '500', maxConnections: '10' }, {}))
      .toMatchObject({ headersTimeoutMs: 1000, requestTimeoutMs: 2000, idleTimeoutMs: 500, maxConnections: 10 });
    // a shorter request timeout alone takes the headers timeout down with it
    expect(parseServeFlags({ checkpoint: 'run', requestTimeoutMs: '4000' }, {})).toMatchObject({ headersTimeoutMs: 4000, requestTimeoutMs: 4000 });
    expect(() => parseServeFlags({ checkpoint: 'run', headersTimeoutMs: '5000', requestTimeoutMs: '4000' }, {})).toThrow(/--headers-timeout-ms: 5000 exceeds --request-timeout-ms 4000/);
    expect(() => parseServeFlags({ checkpoint: 'run', headersTimeoutMs: '0' }, {})).toThrow(/--headers-timeout-ms: must be an integer in \[100,/);
    expect(() => parseServeFlags({ checkpoint: 'run', requestTimeoutMs: '2.5s' }, {})).toThrow(/--request-timeout-ms: must be an integer in \[100, \d+\], got "2.5s"/);
    expect(() => parseServeFlags({ checkpoint: 'run', idleTimeoutMs: '-1' }, {})).toThrow(/--idle-timeout-ms: must be an integer in \[100,/);
    expect(() => parseServeFlags({ checkpoint: 'run', maxConnections: '0' }, {})).toThrow(/--max-connections: must be an integer in \[1,/);
  });

  it('takes the bearer token from --token, else CLREC_SERVE_TOKEN, and never echoes a bad one', () => {
    expect(parseServeFlags({ checkpoint: 'run', token: 'flag-token-1' }, { CLREC_SERVE_TOKEN: 'env-token-22' }).token).toBe('flag-token-1');
    expect(parseServeFlags({ checkpoint: 'run' }, { CLREC_SERVE_TOKEN: 'env-token-22' }).token).toBe('env-token-22');
    expect(parseServeFlags({ checkpoint: 'run' }, { CLREC_SERVE_TOKEN: '' }).token).toBeNull();
    expect(() => parseServeFlags({ checkpoint: 'run', token: 'tiny' }, {})).toThrow(/--token: the bearer token must have at least 8 characters, got 4/);
    let message = '';
    try {
      parseServeFlags({ checkpoint: 'run' }, { CLREC_SERVE_TOKEN: 'secret with spaces' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^CLREC_SERVE_TOKEN: the bearer token may only hold/);
    expect(message).not.toMatch(/secret/);
    expect(() => parseServeFlags({ checkpoint: 'run', token: true }, {})).toThrow(/--token: give the bearer token/);
  });
});
