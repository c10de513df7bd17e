import { describe, expect, it } from 'vitest';
import { SERVE_DEFAULTS } from '@clrec/training/node';
import { parseServeFlags } from './serve-command';

describe('clrec serve flags', () => {
  it('parses serve flags, naming the bad ones', () => {
    expect(parseServeFlags({ checkpoint: 'run', port: '0', index: 'hnsw', k: '20' })).toEqual({ ...SERVE_DEFAULTS, checkpoint: 'run', port: 0, index: 'hnsw', k: 20 });
    expect(() => parseServeFlags({})).toThrow(/--checkpoint: required/);
    expect(parseServeFlags({ checkpoint: 'run', popularityPrior: '0.5' }).popularityPrior).toBe(0.5);
    expect(() => parseServeFlags({ checkpoint: 'run', popularityPrior: 'lots' })).toThrow(/--popularity-prior: "popularityPrior" must be a number, got "lots"/);
    expect(() => parseServeFlags({ checkpoint: 'run', port: '70000' })).toThrow(/--port: must be an integer in \[0, 65535\], got "70000"/);
    expect(() => parseServeFlags({ checkpoint: 'run', maxBodyBytes: '10' })).toThrow(/--max-body-bytes: must be an integer in \[64,/);
    expect(() => parseServeFlags({ checkpoint: 'run', index: 'faiss' })).toThrow(/--index: unknown index "faiss"; valid: exact, hnsw/);
  });
});
