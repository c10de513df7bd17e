import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSequenceFile } from './sequence-file';
import { simulate } from './simulator';
import { writeSequenceFile } from './write-sequence-file';

const dir = mkdtempSync(path.join(tmpdir(), 'clrec-write-'));

describe('writeSequenceFile', () => {
  it('round-trips the simulator through the sequence format (raw ids preserved)', () => {
    const { dataset: sim } = simulate({ numUsers: 200, numItems: 300, numCategories: 6 });
    const p = path.join(dir, 'out', 'sim.txt');
    writeSequenceFile(sim, p);
    expect(readdirSync(path.dirname(p))).toEqual(['sim.txt']); // no temp file left behind
    const back = loadSequenceFile(p);
    expect(back.name).toBe('sim');
    expect(back.userIds).toEqual(sim.userIds);
    expect(back.report.interactions).toBe(sim.report.interactions);
    for (let u = 0; u < sim.numUsers; u++) {
      expect(Array.from(back.sequences[u], (i) => back.itemIds[i])).toEqual(Array.from(sim.sequences[u], (i) => sim.itemIds[i]));
    }
    expect(readFileSync(p, 'utf8').split('\n')[0]).toBe(`1 ${Array.from(sim.sequences[0]).join(' ')}`);
  });

  it('refuses ids that could not be read back', () => {
    const { dataset } = simulate({ numUsers: 3, numItems: 10, numCategories: 2 });
    dataset.userIds[1] = 'two words';
    expect(() => writeSequenceFile(dataset, path.join(dir, 'bad.txt'))).toThrow(/user id "two words"/);
    expect(readdirSync(dir).filter((f) => f.startsWith('bad.txt'))).toEqual([]);
  });
});
