import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalExample } from '@clrec/datasets';
import { describe, expect, it } from 'vitest';
import { type NegativesRequest, prepareEvalNegatives } from './evaluate-negatives';

const ex = (user: number, history: number[], target: number): EvalExample =>
  ({ user, history: Int32Array.from(history), historyTimes: null, target, time: null });

/** Two users over 6 items; user 0 interacted with 1..4 (valid target 3, test item 4), user 1 with 5 and 1. */
function request(dir: string, over: Partial<NegativesRequest> = {}): NegativesRequest {
  return {
    protocol: 'sampled-popularity', split: 'valid',
    examples: [ex(0, [1, 2], 3), ex(1, [5], 1)],
    sequences: [Int32Array.from([1, 2, 3, 4]), Int32Array.from([5, 1, 6])],
    // item 6 never clicked in training: the popularity protocol can never draw it
    itemCounts: Float64Array.from([0, 2, 1, 1, 1, 3, 0]),
    numItems: 6, count: 10, evalSeed: 7, dir, datasetTag: 'tiny', log: () => {}, ...over,
  };
}

describe('prepareEvalNegatives', () => {
  it('excludes every item of the user (popularity) or the history and target (uniform)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-neg-'));
    // popularity, user 0: items 1..4 excluded, 6 has no clicks -> only 5; user 1: 5, 1, 6 excluded -> 2, 3, 4
    const pop = await prepareEvalNegatives(request(dir));
    expect(pop.data.negatives.map((n) => Array.from(n))).toEqual([[5], [2, 3, 4]]);
    expect(pop.data.shortUsers).toEqual([0, 1]);
    // uniform, user 0: history 1, 2 and target 3 excluded -> 4 (its later test item), 5, 6; user 1: 5, 1 excluded -> 2, 3, 4, 6
    const uni = await prepareEvalNegatives(request(dir, { protocol: 'sampled-uniform' }));
    expect(uni.data.negatives.map((n) => Array.from(n))).toEqual([[4, 5, 6], [2, 3, 4, 6]]);
    expect(uni.file).not.toBe(pop.file);
  });

  it('saves the negatives with their seed and users, and reuses the file on the next call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-neg-'));
    const big = request(dir, {
      numItems: 300, count: 20, itemCounts: Float64Array.from({ length: 301 }, (_, i) => (i === 0 ? 0 : 1 + (i % 7))),
    });
    const first = await prepareEvalNegatives(big);
    expect(first.reused).toBe(false);
    expect(first.file).toBe(join(dir, 'valid-sampled-popularity-20-seed7-2users.json'));
    expect(existsSync(first.file)).toBe(true);
    const saved = JSON.parse(readFileSync(first.file, 'utf8'));
    expect(saved.users).toEqual([0, 1]);
    expect(saved.seed).toBe(first.data.seed);
    expect(first.data.negatives.every((n) => n.length === 20)).toBe(true);
    const logs: string[] = [];
    const again = await prepareEvalNegatives({ ...big, log: (l) => logs.push(l) });
    expect(again.reused).toBe(true);
    expect(again.data.negatives).toEqual(first.data.negatives);
    expect(logs[0]).toMatch(/reusing sampled-popularity negatives for 2 valid users/);
    // the test split draws different negatives from a derived seed
    const test = await prepareEvalNegatives({ ...big, split: 'test' });
    expect(test.data.seed).not.toBe(first.data.seed);
    expect(test.data.negatives).not.toEqual(first.data.negatives);
  });

  it('refuses a file drawn for another dataset or other users, saying how to fix it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-neg-'));
    await prepareEvalNegatives(request(dir));
    await expect(prepareEvalNegatives(request(dir, { datasetTag: 'other' }))).rejects.toThrow(/do not match this evaluation: tag .*Delete the file/);
    const swapped = request(dir, { examples: [ex(1, [5], 1), ex(0, [1, 2], 3)] });
    await expect(prepareEvalNegatives(swapped)).rejects.toThrow(/a different list of evaluated users/);
  });
});
