import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format';
import { DatasetError } from './errors';
import { loadDataset } from './load-dataset';
import { datasetErrorAt, noiseBytes } from './test-fixtures';

const PKG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.CLREC_SHARED_DIR ?? path.resolve(PKG_DIR, '../../../shared');
const BEAUTY = path.join(SHARED, 'datasets/amazon-5core/Beauty.txt');
const ML = path.join(SHARED, 'datasets/ml-100k');
const dir = mkdtempSync(path.join(tmpdir(), 'clrec-load-'));
const fixture = (name: string, text: string | Uint8Array) => {
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

  it('bad-input corpus: empty, blank, binary and non-UTF-8 files fail naming the file (and line)', () => {
    for (const [name, format] of [['e.txt', undefined], ['e.csv', undefined], ['e-seq.txt', 'sequence'], ['e-pairs.txt', 'pairs']] as const) {
      const p = fixture(`corpus/${name}`, '');
      expect(datasetErrorAt(() => loadDataset(p, { format }), `${p}: `).message).toContain(': no interactions: 0 lines read, 0 skipped (the file is empty)');
      const w = fixture(`corpus/w-${name}`, ' \n\t\r\n   ');
      expect(datasetErrorAt(() => loadDataset(w, { format }), `${w}: `).message).toContain(': no interactions: 3 lines read, 3 skipped ("empty line" 3)');
    }
    const ml = path.dirname(fixture('corpus/ml/u.data', ''));
    expect(datasetErrorAt(() => loadDataset(ml), `${path.join(ml, 'u.data')}: `).message).toContain(': no interactions: 0 lines read');

    const bin = noiseBytes(1 << 20, 11);
    const withNul = fixture('corpus/noise.bin', bin);
    const nul = bin.indexOf(0);
    const line = bin.subarray(0, nul).filter((b) => b === 10).length + 1;
    expect(datasetErrorAt(() => loadDataset(withNul, { onBadLine: 'skip' }), `${withNul}:${line}: `).message).toMatch(/: binary data \(NUL byte at column \d+\); expected /);

    const raw = Buffer.concat([Buffer.from('u1 i'), Buffer.from([0xe9]), Buffer.from('\nu1 i'), Buffer.from([0xe8]), Buffer.from('\n')]);
    const latin = fixture('corpus/latin.txt', raw);
    expect(datasetErrorAt(() => loadDataset(latin), `${latin}:1: `).message).toContain(':1: not valid UTF-8 (byte 0xE9 at column 5)');
    const ds = loadDataset(latin, { encoding: 'latin1' });
    expect([ds.numUsers, ds.numItems, ds.itemIds]).toEqual([1, 2, ['', 'i\u00e9', 'i\u00e8']]);
  });

  it('bad-input corpus: noise without NUL bytes stops at the skip ceiling, long before the end', () => {
    const p = fixture('corpus/noise-latin1.bin', noiseBytes(1 << 20, 5).map((b) => (b === 0 ? 0x20 : b)));
    const e = datasetErrorAt(() => loadDataset(p, { format: 'sequence', encoding: 'latin1', onBadLine: 'skip' }), `${p}: `);
    const m = /too many malformed lines: (\d+) by line (\d+) of (\d+), more than the (\d+) allowed/.exec(e.message)!;
    const [bad, at, total, ceiling] = m.slice(1).map(Number);
    expect(total).toBeGreaterThan(3000);
    expect(ceiling).toBe(Math.ceil(total / 100));
    expect(bad).toBe(ceiling + 1);
    expect(at).toBeLessThan(total / 10);
    expect(() => loadDataset(p, { format: 'pairs', encoding: 'latin1', onBadLine: 'skip', maxBadLines: 10 })).toThrow('more than the 10 allowed (maxBadLines 10)');
  });

  it('bad-input corpus: wrong-format lines stop the default mode at the first one', () => {
    const commas = fixture('corpus/commas.txt', 'u1,i1,i2\nu2,i2,i3\n');
    expect(datasetErrorAt(() => loadDataset(commas, { format: 'sequence' }), `${commas}:1: `).message).toContain('it looks like a delimited line');
    expect(datasetErrorAt(() => loadDataset(commas), `${commas}:1: `).message).toContain(':1: field 3 (timestamp) "i2" is not a number'); // detected as pairs
    const stray = fixture('corpus/stray.txt', 'u1 i1\nu2 i2\nu3 i1 i2 i3 i4\n');
    expect(datasetErrorAt(() => loadDataset(stray, { format: 'pairs' }), `${stray}:3: `).message).toContain(':3: expected 2 fields (user item), found 5');
    const dup = fixture('corpus/dup.txt', 'u1 a b c d\nu2 b c\nu1 e f\n');
    expect(datasetErrorAt(() => loadDataset(dup), `${dup}:3: `).message).toContain(':3: field 1 (user) "u1" already has a sequence on line 1');
    const huge = fixture('corpus/huge.txt', `u1 a b c d\nu2 ${'z'.repeat(5000)} c\n`);
    expect(datasetErrorAt(() => loadDataset(huge), `${huge}:2: `).message).toBe(`${huge}:2: field 2 (item) is 5000 characters long; ids are at most 256`);
    expect(loadDataset(huge, { onBadLine: 'skip', maxBadLines: 1 }).report.skipped.reasons).toEqual({ 'id too long': 1 });
    expect(() => loadDataset(huge, { onBadLine: 'skip', maxBadLines: -1 })).toThrow(/^maxBadLines must be/);
    expect(() => loadDataset(huge, { encoding: 'ascii' as 'utf8' })).toThrow(/^encoding must be/);
  });

  it.skipIf(!existsSync(BEAUTY) || !existsSync(ML))('loads the real files through detection', () => {
    expect(loadDataset(BEAUTY).report.interactions).toBe(198502);
    expect(loadDataset(ML).numUsers).toBe(943);
  });
});
