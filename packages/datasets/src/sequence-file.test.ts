import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { loadSequenceFile } from './sequence-file';
import { datasetErrorAt, fixtureWriter, rawSequences } from './test-fixtures';

const PKG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.CLREC_SHARED_DIR ?? path.resolve(PKG_DIR, '../../../shared');
const BEAUTY = path.join(SHARED, 'datasets/amazon-5core/Beauty.txt');
const { dir, fixture } = fixtureWriter('clrec-seq-');
const raw = (ds: ReturnType<typeof loadSequenceFile>, u: number) => Array.from(ds.sequences[u], (i) => ds.itemIds[i]);

describe('loadSequenceFile', () => {
  it('remaps raw string ids to dense ids in first-seen order', () => {
    const ds = loadSequenceFile(fixture('good.txt', 'alice b a b\nbob c a\r\n7 x\n'));
    expect(ds.name).toBe('good');
    expect(ds.numUsers).toBe(3);
    expect(ds.numItems).toBe(4);
    expect(ds.userIds).toEqual(['alice', 'bob', '7']);
    expect(ds.itemIds).toEqual(['', 'b', 'a', 'c', 'x']);
    expect(Array.from(ds.sequences[0])).toEqual([1, 2, 1]);
    expect(Array.from(ds.sequences[1])).toEqual([3, 2]);
    expect(raw(ds, 2)).toEqual(['x']);
    expect(ds.timestamps).toBeNull();
    expect(ds.report).toMatchObject({ linesRead: 3, interactions: 6, skipped: { count: 0 } });
  });

  it('always skips and counts blank lines; a user without items is malformed (error, or counted skip)', () => {
    const p = fixture('holes.txt', '1 10 11\n\n   \n2\n3 12\t13\n');
    expect(() => loadSequenceFile(p)).toThrow(`${p}:4: field 1 (user) "2" has no items; a sequence line is "userId item item ..."`);
    const ds = loadSequenceFile(p, { onBadLine: 'skip', maxBadLines: 1 });
    expect(ds.numUsers).toBe(2);
    expect(ds.userIds).toEqual(['1', '3']);
    expect(ds.report.skipped.count).toBe(3);
    expect(ds.report.skipped.reasons).toEqual({ 'empty line': 2, 'user without items': 1 });
    expect(ds.report.skipped.examples[2]).toBe(`${p}:4: field 1 (user) "2" has no items; a sequence line is "userId item item ..."`);
    const blanks = loadSequenceFile(fixture('blanks.txt', '1 10 11\n\n   \n3 12\n'));
    expect(blanks.report.skipped.reasons).toEqual({ 'empty line': 2 });
  });

  it('rejects a duplicate user line with file, line and field in the message', () => {
    const p = fixture('dup.txt', '1 10 11\n2 12\n1 13\n');
    let err: unknown;
    try {
      loadSequenceFile(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatasetError);
    const e = err as DatasetError;
    expect(e.message).toContain('dup.txt:3:');
    expect(e.message).toContain('field 1 (user) "1"');
    expect(e.message).toContain('line 1');
    expect([e.file, e.line, e.field]).toEqual([p, 3, 'field 1 (user)']);
  });

  it("with onBadLine 'skip' drops duplicate lines but counts them", () => {
    const ds = loadSequenceFile(fixture('dup2.txt', '1 10 11\n1 13\n2 12\n1 14\n'), { onBadLine: 'skip', maxBadLines: 2 });
    expect(ds.numUsers).toBe(2);
    expect(raw(ds, 0)).toEqual(['10', '11']);
    expect(ds.report.skipped).toMatchObject({ count: 2, reasons: { 'duplicate user': 2 } });
    expect(ds.report.skipped.examples).toHaveLength(2);
  });

  it('keeps at most 10 examples but counts everything', () => {
    const ds = loadSequenceFile(fixture('many.txt', `1 2\n${'\n'.repeat(15)}3 4\n`));
    expect(ds.report.skipped.count).toBe(15);
    expect(ds.report.skipped.examples).toHaveLength(10);
  });

  it('names the path and the expected format when the file is missing', () => {
    const p = path.join(dir, 'nope.txt');
    expect(() => loadSequenceFile(p)).toThrow(DatasetError);
    expect(() => loadSequenceFile(p)).toThrow(/nope\.txt: file not found; expected a sequence file/);
    expect(() => loadSequenceFile(dir)).toThrow(/is not a regular file/);
    expect(() => loadSequenceFile(p, { onBadLine: 'sometimes' as 'skip' })).toThrow(/onBadLine/);
  });

  it('rejects comma-separated lines (the default mode stops at line 1 and suggests csv); skip mode counts them', () => {
    const p = fixture('commas.txt', 'u1,i1,i2\nu2,i3\n');
    const e = datasetErrorAt(() => loadSequenceFile(p), `${p}:1: `);
    expect(e.message).toBe(`${p}:1: "u1,i1,i2" has no whitespace-separated items but contains ",": it looks like a delimited line, `
      + 'not a sequence line ("userId item item ..."); load the file with --format csv (header row) or --format pairs');
    expect(datasetErrorAt(() => loadSequenceFile(fixture('semis.txt', 'u1;i1;i2\n')), `${path.join(dir, 'semis.txt')}:1: `).message).toContain('contains ";"');
    const mixed = loadSequenceFile(fixture('commas2.txt', 'u0 a b\nu1,i1,i2\nu2 c\n'), { onBadLine: 'skip', maxBadLines: 1 });
    expect(rawSequences(mixed)).toEqual([['a', 'b'], ['c']]);
    expect(mixed.report.skipped).toMatchObject({ count: 1, reasons: { 'user without items': 1 } });
    // every line skipped: the ceiling would stop it, and with a high ceiling there is nothing left
    expect(datasetErrorAt(() => loadSequenceFile(p, { onBadLine: 'skip' }), `${p}: `).message).toContain(': too many malformed lines: 2 by line 2 of 2, more than the 1 allowed');
    expect(datasetErrorAt(() => loadSequenceFile(p, { onBadLine: 'skip', maxBadLines: 5 }), `${p}: `).message)
      .toBe(`${p}: no interactions: 2 lines read, 2 skipped ("user without items" 2); expected a sequence file (one line per user: "userId item item ...", items in chronological order)`);
  });

  it('stops a skip-mode load at the ceiling instead of parsing the whole file', () => {
    const lines = Array.from({ length: 10_000 }, (_, k) => (k % 2 === 0 ? `u${k},i${k},i${k + 1}` : ''));
    lines[0] = 'u0 a b';
    const p = fixture('noise.txt', `${lines.join('\n')}\n`);
    const frac = datasetErrorAt(() => loadSequenceFile(p, { onBadLine: 'skip' }), `${p}: `);
    // ceiling ceil(1% of 10000) = 100; the 101st bad line is line 203 (blank lines do not count)
    expect(frac.message).toContain('too many malformed lines: 101 by line 203 of 10000, more than the 100 allowed (maxBadLines 0.01 = 1% of 10000 lines, rounded up)');
    expect(frac.message).toContain('202 line(s) skipped so far ("empty line" 101, "user without items" 101)');
    expect(frac.message).toContain(`\n  ${p}:3: "u2,i2,i3" has no whitespace-separated items`);
    const abs = datasetErrorAt(() => loadSequenceFile(p, { onBadLine: 'skip', maxBadLines: 3 }), `${p}: `);
    expect(abs.message).toContain('too many malformed lines: 4 by line 9 of 10000, more than the 3 allowed (maxBadLines 3)');
    expect(loadSequenceFile(p, { onBadLine: 'skip', maxBadLines: 0.5 }).report.skipped.reasons).toEqual({ 'user without items': 4999, 'empty line': 5000 });
  });

  it('fails on an empty or whitespace-only file, naming it', () => {
    const empty = fixture('empty.txt', '');
    expect(datasetErrorAt(() => loadSequenceFile(empty), `${empty}: `).message).toMatch(/: no interactions: 0 lines read, 0 skipped \(the file is empty\); expected a sequence file/);
    const blank = fixture('blank.txt', '  \n\t\n\r\n');
    expect(datasetErrorAt(() => loadSequenceFile(blank), `${blank}: `).message).toContain(': no interactions: 3 lines read, 3 skipped ("empty line" 3)');
  });

  it('reads CRLF line ends, and rejects a lone CR, control characters and over-long ids', () => {
    const ds = loadSequenceFile(fixture('crlf.txt', 'u1 a b\r\nu2 c\r\n\r\n'));
    expect([ds.userIds, rawSequences(ds), ds.report.skipped.reasons]).toEqual([['u1', 'u2'], [['a', 'b'], ['c']], { 'empty line': 1 }]);
    const cr = fixture('cr.txt', 'u1 a b\ru2 c\r');
    expect(datasetErrorAt(() => loadSequenceFile(cr), `${cr}:1: `).message).toContain('control character U+000D at column 7 (carriage return');
    const vt = fixture('vt.txt', 'u1 a\u000bb\n');
    expect(datasetErrorAt(() => loadSequenceFile(vt), `${vt}:1: `).message).toBe(`${vt}:1: control character U+000B at column 5; only tab may appear between fields`);
    const long = fixture('long.txt', `u1 a\nu2 b ${'x'.repeat(300)}\n`);
    const e = datasetErrorAt(() => loadSequenceFile(long), `${long}:2: `);
    expect([e.message, e.field]).toEqual([`${long}:2: field 3 (item) is 300 characters long; ids are at most 256`, 'field 3 (item)']);
    expect(loadSequenceFile(long, { onBadLine: 'skip', maxBadLines: 1 }).report.skipped.reasons).toEqual({ 'id too long': 1 });
  });

  it('keeps distinct non-UTF-8 ids apart: strict UTF-8 fails with line and column, latin1 loads them', () => {
    const p = fixture('latin1.txt', Buffer.concat([Buffer.from('u1 i'), Buffer.from([0xe9]), Buffer.from(' x\nu2 i'), Buffer.from([0xe8]), Buffer.from('\n')]));
    expect(datasetErrorAt(() => loadSequenceFile(p), `${p}:1: `).message).toMatch(/:1: not valid UTF-8 \(byte 0xE9 at column 5\); expected a sequence file .*encoding: 'latin1'/);
    const ds = loadSequenceFile(p, { encoding: 'latin1' });
    expect(ds.itemIds).toEqual(['', 'i\u00e9', 'x', 'i\u00e8']);
    expect(ds.numItems).toBe(3);
    expect(() => loadSequenceFile(p, { encoding: 'cp1252' as 'latin1' })).toThrow(/^encoding must be 'utf8' or 'latin1', got "cp1252"$/);
  });

  it.skipIf(!existsSync(BEAUTY))('loads Amazon Beauty with the published counts', () => {
    const t0 = performance.now();
    const ds = loadSequenceFile(BEAUTY);
    const ms = performance.now() - t0;
    expect(ds.name).toBe('Beauty');
    expect(ds.numUsers).toBe(22363);
    expect(ds.numItems).toBe(12101);
    expect(ds.report.interactions).toBe(198502);
    expect(ds.report.linesRead).toBe(22363);
    expect(ds.report.skipped.count).toBe(0);
    expect(ds.sequences.reduce((a, s) => a + s.length, 0)).toBe(198502);
    // The file's ids are already 1..N in first-seen order, so dense ids equal raw ids.
    expect(raw(ds, 0)).toEqual(['1', '2', '3', '4', '5']);
    expect(ds.userIds[1]).toBe('2');
    expect(Math.min(...ds.sequences.map((s) => s.length))).toBeGreaterThanOrEqual(5);
    expect(ms).toBeLessThan(15_000); // ~0.3 s when quiet; the bound only catches pathological (quadratic) regressions under a loaded CI machine;
  });
});
