import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexJs } from './sha256-hex';

describe('sha256Hex', () => {
  it('matches node:crypto, by Web Crypto and by the plain-JS fallback, at every padding boundary', async () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 70_001]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
      const want = createHash('sha256').update(data).digest('hex');
      expect(sha256HexJs(data)).toBe(want);
      expect(await sha256Hex(data)).toBe(want);
      // a view into a larger buffer
      const big = new Uint8Array(n + 10);
      big.set(data, 5);
      expect(sha256HexJs(big.subarray(5, 5 + n))).toBe(want);
    }
  });
});
