import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { prepareData } from './data';

/** Writes `text` to a fresh temp file and returns its path. */
function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'clrec-data-')), name);
  writeFileSync(path, text);
  return path;
}

const quiet = () => {};

describe('prepareData refuses datasets that cannot give a meaningful run', () => {
  it('every user with one interaction: no training example, named with the file and the rule', () => {
    const path = file('ones.txt', 'u1 a\nu2 b\nu3 c\n');
    expect(() => prepareData({ ...DEFAULT_CONFIG, data: path }, quiet)).toThrow(new RegExp(`^${path}: no training example \\(3 users, 3 items, 3 interactions, the longest user has 1\\)`));
  });

  it('a one-item catalogue: ranking is trivial', () => {
    const path = file('one-item.txt', 'u1 a a a a\nu2 a a a\n');
    expect(() => prepareData({ ...DEFAULT_CONFIG, data: path }, quiet)).toThrow(`${path}: only 1 distinct item(s)`);
  });

  it('a temporal split whose later windows hold only first clicks: no validation user', () => {
    // 10 clicks: u1 trains on t = 1..8; the validation (t = 9) and test (t = 10) windows hold only first clicks (no history)
    const rows = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((it, k) => `u1 ${it} ${k + 1}`);
    const path = file('late.txt', `${rows.join('\n')}\nu2 a 9\nu3 b 10\n`);
    expect(() => prepareData({ ...DEFAULT_CONFIG, data: path, format: 'pairs', split: 'temporal' }, quiet)).toThrow(new RegExp(`^${path}: no validation user \\(3 users, 8 items`));
  });

  it('a small but valid file passes, warning when HR@K cannot miss', () => {
    const path = file('ok.txt', 'u1 a b c d\nu2 b c d e\nu3 a c e b\n');
    const lines: string[] = [];
    const d = prepareData({ ...DEFAULT_CONFIG, data: path }, (l) => lines.push(l));
    expect(d.split.test.length).toBe(3);
    expect(lines.join('\n')).toMatch(/warning: 5 items <= K = 20: HR@20 .* 1 by construction/);
  });
});
