import { describe, expect, it } from 'vitest';
import { FullRankingAccumulator } from './full-ranking-accumulator';
import { rankOfTarget } from './rank-of-target';
import { summarizeRanks } from './summarize-ranks';

// Three users × 6 item ids (0 = padding), row-major.
const block = new Float32Array([
  0, 0.9, 0.1, 0.2, 0.3, 0.4, // user A, target 1 -> rank 0
  0, 0.5, 0.5, 0.5, 0.1, 0.0, // user B, target 2 -> ties 1, 3 -> rank 2
  0, 0.8, 0.7, 0.6, 0.5, 0.4, // user C, target 5, history [1] -> higher 2, 3, 4 -> rank 3
]);
const targets = [1, 2, 5];
const histories: number[][] = [[], [], [1]];

describe('FullRankingAccumulator', () => {
  it('ranks a block like row-by-row calls (hand-computed [0, 2, 3])', () => {
    const acc = new FullRankingAccumulator();
    acc.add(block, 6, targets, (r) => histories[r]);
    expect(Array.from(acc.ranks())).toEqual([0, 2, 3]);
    expect(acc.count).toBe(3);
    // same as summarizeRanks([0, 2, 3]): HR@3 = 2/3, MRR = 19/36
    expect(acc.summary([1, 3])).toEqual(summarizeRanks([0, 2, 3], [1, 3]));
  });

  it('gives the same ranks whether users come in one block, in blocks, or one at a time', () => {
    const oneBlock = new FullRankingAccumulator();
    oneBlock.add(block, 6, targets, (r) => histories[r]);
    // blocks of 2 + 1: the callback gets block-local row indices
    const split = new FullRankingAccumulator();
    split.add(block.subarray(0, 12), 6, targets.slice(0, 2), (r) => histories[r]);
    split.add(block.subarray(12), 6, targets.slice(2), (r) => histories[2 + r]);
    const single = new FullRankingAccumulator();
    for (let u = 0; u < 3; u++) single.add(block.subarray(u * 6, (u + 1) * 6), 6, [targets[u]], () => histories[u]);
    expect(split.ranks()).toEqual(oneBlock.ranks());
    expect(single.ranks()).toEqual(oneBlock.ranks());
  });

  it('matches rankOfTarget per row on a larger random set, growing past the initial buffer', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const users = 2500, items = 13, blockRows = 97;
    const scores = new Float32Array(users * items).map(() => Math.floor(rand() * 8) / 8);
    const tg = Array.from({ length: users }, () => 1 + Math.floor(rand() * (items - 1)));
    const hist = Array.from({ length: users }, () => [0, 1 + Math.floor(rand() * (items - 1))]);
    const acc = new FullRankingAccumulator();
    for (let start = 0; start < users; start += blockRows) {
      const end = Math.min(users, start + blockRows);
      acc.add(scores.subarray(start * items, end * items), items, tg.slice(start, end), (r) => hist[start + r]);
    }
    const expected = Float64Array.from({ length: users }, (_, u) =>
      rankOfTarget(scores.subarray(u * items, (u + 1) * items), tg[u], { exclude: hist[u] }),
    );
    expect(acc.ranks()).toEqual(expected);
    expect(acc.summary()).toEqual(summarizeRanks(expected));
    // some targets repeat their history item (then masked); the count matches the Infinity ranks
    expect(acc.masked).toBe(expected.filter((r) => r === Infinity).length);
    expect(acc.masked).toBeGreaterThan(0);
  });

  it('counts a repeat target as a miss with history excluded, ranks it first with history included', () => {
    // Two users × 5 ids. User A's target 2 scores highest (0.9) and is in A's history [2, 3]: a
    // repeat. User B's target 4 (0.6) is below 1 (0.8) only, history [1] (no repeat).
    const rows = new Float32Array([
      0, 0.1, 0.9, 0.5, 0.2, // A, target 2, history [2, 3]
      0, 0.8, 0.3, 0.2, 0.6, // B, target 4, history [1]
    ]);
    const hist = [[2, 3], [1]];
    const excluded = new FullRankingAccumulator();
    excluded.add(rows, 5, [2, 4], (r) => hist[r]);
    // A masked -> Infinity; B: 1 excluded, nothing else at or above 0.6 -> rank 0
    expect(Array.from(excluded.ranks())).toEqual([Infinity, 0]);
    expect(excluded.masked).toBe(1);
    expect(excluded.count).toBe(2);
    // HR@1 = (0 + 1) / 2 = 0.5; NDCG@1 = 0.5; MRR = (0 + 1/1) / 2 = 0.5; A is a miss at every K
    expect(excluded.summary([1, 4])).toEqual({ 'HR@1': 0.5, 'NDCG@1': 0.5, 'HR@4': 0.5, 'NDCG@4': 0.5, MRR: 0.5, count: 2 });
    // user A alone: HR@1 = 0
    const alone = new FullRankingAccumulator();
    alone.add(rows.subarray(0, 5), 5, [2], () => hist[0]);
    expect(alone.summary([1])['HR@1']).toBe(0);
    // history included: A's target ranks first (0); B: 1 (0.8) above -> rank 1
    const included = new FullRankingAccumulator();
    included.add(rows, 5, [2, 4]);
    expect(Array.from(included.ranks())).toEqual([0, 1]);
    expect(included.masked).toBe(0);
    // HR@1 = (1 + 0) / 2 = 0.5; MRR = (1 + 1/2) / 2 = 0.75
    expect(included.summary([1])).toEqual({ 'HR@1': 0.5, 'NDCG@1': 0.5, MRR: 0.75, count: 2 });
    excluded.reset();
    expect(excluded.masked).toBe(0);
  });

  it('honours ignoreIndex0: false, reset, and rejects a mis-sized block', () => {
    const acc = new FullRankingAccumulator({ ignoreIndex0: false });
    // row [0.7, 0.2, 0.5], target 2 (0.5): item 0 (0.7) is now a candidate and higher -> rank 1
    acc.add(new Float64Array([0.7, 0.2, 0.5]), 3, [2]);
    expect(Array.from(acc.ranks())).toEqual([1]);
    acc.reset();
    expect(acc.count).toBe(0);
    expect(acc.ranks().length).toBe(0);
    expect(() => acc.add(new Float32Array(5), 3, [1, 2])).toThrow(RangeError);
  });
});
