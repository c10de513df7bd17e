import { describe, expect, it } from 'vitest';
import { rankOfTarget } from './rank-of-target';
import { heldOutRecallAtK, targetListPositions } from './held-out-recall-at-k';
import { Rng } from '@clrec/spec';

/** Uniform draws on [0, 1) from a seeded `Rng` (one 32-bit word each). */
const uniformDraws = (seed: number): (() => number) => {
  const rng = new Rng(seed);
  return () => rng.uniform32();
};

/**
 * Reference without NaN: drop the excluded ids (targets among them too: masked), sort the rest by
 * score desc, a non-target before a target at equal score (the worst case), then count targets in
 * the first k over all distinct targets.
 */
function referenceRecall(scores: ArrayLike<number>, targets: number[], k: number, exclude: number[], ignoreIndex0: boolean): number {
  const tset = new Set(targets);
  const ex = new Set(exclude);
  const ids: number[] = [];
  for (let i = ignoreIndex0 ? 1 : 0; i < scores.length; i++) if (!ex.has(i)) ids.push(i);
  ids.sort((a, b) => scores[b] - scores[a] || Number(tset.has(a)) - Number(tset.has(b)));
  return ids.slice(0, k).filter((i) => tset.has(i)).length / tset.size;
}

describe('heldOutRecallAtK', () => {
  // id:                            0    1    2    3    4    5    6
  const row = new Float32Array([9, 0.9, 0.1, 0.7, 0.5, 0.3, 0.6]);

  it('counts distinct targets in the top k over |targets| (hand example)', () => {
    // list: 1 (0.9), 3 (0.7), 6 (0.6), 4 (0.5), 5 (0.3), 2 (0.1); targets {3, 5}
    // positions: 3 -> 1, 5 -> 4
    expect(Array.from(targetListPositions(row, [3, 5]))).toEqual([1, 4]);
    // k = 1: {} -> 0/2; k = 2: {3} -> 1/2; k = 5: {3, 5} -> 2/2
    expect(heldOutRecallAtK(row, [3, 5], 1)).toBe(0);
    expect(heldOutRecallAtK(row, [3, 5], 2)).toBe(0.5);
    expect(heldOutRecallAtK(row, [5, 3, 3], 5)).toBe(1); // duplicates count once
    // excluding history {1, 6}: list 3, 4, 5, 2 -> positions 0, 2; k = 2: 1/2
    expect(heldOutRecallAtK(row, [3, 5], 2, { exclude: [1, 6, 0] })).toBe(0.5);
    // a target listed in exclude (a repeat of a history item) is masked with the rest:
    // list 6, 4, 5, 2 -> 5 at position 2, 3 at Infinity; Recall@1 = 0, Recall@3 = 1/2 (not 1)
    expect(Array.from(targetListPositions(row, [3, 5], { exclude: [1, 3] }))).toEqual([2, Infinity]);
    expect(heldOutRecallAtK(row, [3, 5], 1, { exclude: [1, 3] })).toBe(0);
    expect(heldOutRecallAtK(row, [3, 5], 3, { exclude: [1, 3] })).toBe(0.5);
    // every target masked: positions all Infinity, recall 0 at any k
    expect(Array.from(targetListPositions(row, [3, 5], { exclude: [5, 3, 3] }))).toEqual([Infinity, Infinity]);
    expect(heldOutRecallAtK(row, [3, 5], 6, { exclude: [5, 3] })).toBe(0);
    // ids 0 as a candidate: 9 tops the list, positions shift by one -> [2, 5]
    expect(Array.from(targetListPositions(row, [3, 5], { ignoreIndex0: false }))).toEqual([2, 5]);
  });

  it('breaks ties against the targets, targets among themselves fill consecutive slots', () => {
    // targets 1, 2 both 0.5; non-targets 3, 4 also 0.5; 5 is 0.9
    const r = new Float64Array([0, 0.5, 0.5, 0.5, 0.5, 0.9]);
    // worst list: 5, 3, 4, 1, 2 -> positions 3, 4
    expect(Array.from(targetListPositions(r, [1, 2]))).toEqual([3, 4]);
    // k = 4: 1 target in -> 1/2; k = 3: 0
    expect(heldOutRecallAtK(r, [1, 2], 4)).toBe(0.5);
    expect(heldOutRecallAtK(r, [1, 2], 3)).toBe(0);
    // a constant model: 5 candidates all tied, targets {1, 2} -> positions 3, 4
    const flat = new Float32Array([0, 1, 1, 1, 1, 1]);
    expect(Array.from(targetListPositions(flat, [2, 1]))).toEqual([3, 4]);
  });

  it('is pessimistic with NaN: NaN candidates above, NaN targets last', () => {
    // id 3 is NaN (non-target), targets 1 (0.8) and 4 (NaN), non-target 2 (0.2)
    const r = new Float64Array([0, 0.8, 0.2, NaN, NaN]);
    // target 1: non-targets with !(s < 0.8) = {3 (NaN)} -> 1, no target before -> position 1
    // target 4 (NaN): all 2 non-targets + 1 target before -> position 3
    expect(Array.from(targetListPositions(r, [4, 1]))).toEqual([1, 3]);
  });

  it('equals the HR of rankOfTarget with a single target', () => {
    const rand = uniformDraws(5);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(rand() * 30);
      const scores = new Float32Array(n).map(() => (rand() < 0.05 ? NaN : Math.floor(rand() * 4) / 4));
      const t = 1 + Math.floor(rand() * (n - 1));
      const exclude = Array.from({ length: Math.floor(rand() * 5) }, () => Math.floor(rand() * n));
      const pos = targetListPositions(scores, [t], { exclude });
      expect(pos[0]).toBe(rankOfTarget(scores, t, { exclude }));
    }
  });

  it('matches a worst-case-sort reference on random rows with several targets', () => {
    const rand = uniformDraws(9);
    for (let trial = 0; trial < 300; trial++) {
      const n = 3 + Math.floor(rand() * 40);
      const ignoreIndex0 = rand() < 0.7;
      const lo = ignoreIndex0 ? 1 : 0;
      const scores = new Float32Array(n).map(() => Math.floor(rand() * 5) / 4);
      const targets = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => lo + Math.floor(rand() * (n - lo)));
      const exclude = Array.from({ length: Math.floor(rand() * 6) }, () => Math.floor(rand() * n));
      const k = 1 + Math.floor(rand() * 10);
      expect(heldOutRecallAtK(scores, targets, k, { exclude, ignoreIndex0 })).toBeCloseTo(
        referenceRecall(scores, targets, k, exclude, ignoreIndex0),
        12,
      );
    }
  });

  it('rejects empty or invalid targets, bad k and bad exclusions', () => {
    expect(() => heldOutRecallAtK(row, [], 5)).toThrow(RangeError);
    expect(() => heldOutRecallAtK(row, [0], 5)).toThrow(RangeError);
    expect(() => heldOutRecallAtK(row, [7], 5)).toThrow(RangeError);
    expect(() => heldOutRecallAtK(row, [3], 0)).toThrow(RangeError);
    expect(() => heldOutRecallAtK(row, [3], 5, { exclude: [-1] })).toThrow(RangeError);
  });
});
