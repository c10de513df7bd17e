import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format';
import { DatasetError } from './errors';
import { loadDataset } from './load-dataset';

const PKG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.CLREC_SHARED_DIR ?? path.resolve(PKG_DIR, '../../../shared');
const BEAUTY = path.join(SHARED, 'datasets/amazon-5core/Beauty.txt');
const ML = path.join(SHARED, 'datasets/ml-100k');
const dir = mkdtempSync(path.join(tmpdir(), 'clrec-load-'));
const fixture = (name: string, text: string) => {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
};

describe('detectFormat', () => {
  it('recognises each format', () => {
    expect(detectFormat(fixture('seq.txt', '1 2 3 4\n2 5\n'))).toBe('sequence');
    expect(detectFormat(fixture('pairs.txt', '1 2\n1 3\n2 2\n'))).toBe('pairs');
    expect(detectFormat(fixture('pairs-ts.txt', '1 2 100\n1 3 200\n2 2 50\n'))).toBe('pairs');
    expect(detectFormat(fixture('pairs-comma.txt', '1,2,100\n2,3,200\n'))).toBe('pairs');
    expect(detectFormat(fixture('seq3.txt', '1 2 3\n2 3 4\n'))).toBe('sequence');
    expect(detectFormat(fixture('log.csv', 'user,item\n1,2\n'))).toBe('csv');
    const ml = path.dirname(fixture('ml/u.data', '1\t1\t5\t100\n'));
    expect(detectFormat(ml)).toBe('ml-100k');
    expect(detectFormat(path.join(ml, 'u.data'))).toBe('ml-100k');
  });

  it('explains a missing path or an unusable directory', () => {
    expect(() => detectFormat(path.join(dir, 'ghost.txt'))).toThrow(DatasetError);
    expect(() => detectFormat(path.join(dir, 'ghost.txt'))).toThrow(/ghost\.txt: not found; expected a dataset file/);
    expect(() => detectFormat(path.dirname(fixture('empty/readme', 'x')))).toThrow(/directory without u\.data/);
  });
});

describe('loadDataset', () => {
  it("'sim' runs the simulator with the given options", () => {
    const ds = loadDataset('sim', { sim: { numUsers: 50, numItems: 100, numCategories: 5 } });
    expect([ds.name, ds.numUsers, ds.numItems]).toEqual(['sim', 50, 100]);
  });

  it('dispatches on the detected format and passes onBadLine', () => {
    expect(loadDataset(fixture('a.txt', 'u 1 2 3\nv 2\n')).sequences.map((s) => s.length)).toEqual([3, 1]);
    expect(loadDataset(fixture('b.txt', 'u 1 9\nu 2 3\n')).timestamps!.map((t) => Array.from(t))).toEqual([[3, 9]]);
    const csv = loadDataset(fixture('c.csv', 'user_id,item_id,time\nu,1,9\nu,2,3\n'));
    expect(csv.itemIds[csv.sequences[0][0]]).toBe('2');
    const skipped = loadDataset(fixture('d.txt', 'u 1 9\nu 2 x\n'), { onBadLine: 'skip' });
    expect(skipped.report.skipped.reasons).toEqual({ 'bad timestamp': 1 });
    expect(() => loadDataset(fixture('e.txt', 'u 1 9\nu 2 x\n'))).toThrow(/e\.txt:2: field 3 \(timestamp\)/);
  });

  it('lets the caller force a format and CSV columns', () => {
    const p = fixture('f.txt', 'who;what\nu;1\n');
    const ds = loadDataset(p, { format: 'csv', csv: { user: 'who', item: 'what', delimiter: ';' } });
    expect(ds.userIds).toEqual(['u']);
    expect(loadDataset(fixture('g.txt', '1 2 3\n'), { format: 'pairs' }).timestamps).not.toBeNull();
    expect(() => loadDataset(p, { format: 'parquet' as 'csv' })).toThrow(/unknown format "parquet"/);
  });

  it.skipIf(!existsSync(BEAUTY) || !existsSync(ML))('loads the real files through detection', () => {
    expect(loadDataset(BEAUTY).report.interactions).toBe(198502);
    expect(loadDataset(ML).numUsers).toBe(943);
  });
});
