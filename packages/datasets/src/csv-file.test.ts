import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessCsvColumns, loadCsv } from './csv-file';
import { DatasetError } from './errors';
import { datasetErrorAt, thrownDatasetError, fixtureWriter, rawSequences } from './test-fixtures';

const { dir, fixture } = fixtureWriter('clrec-csv-');
const raw = rawSequences;
const thrown = thrownDatasetError;
const COLS = { user: 'user_id', item: 'item_id', timestamp: 'ts', features: ['brand'] };

describe('loadCsv', () => {
  it('maps columns, sorts by numeric or ISO timestamps and builds feature vocabularies', () => {
    const p = fixture('log.csv', [
      'user_id,item_id,ts,brand',
      'u1,a,2021-01-02T00:00:00Z,acme',
      'u2,b,1609459200,"Foo, Inc."',
      'u1,c,1609459200,',
      'u1,b,2021-01-01T12:00:00Z,"Foo, Inc."',
      '',
    ].join('\n'));
    const ds = loadCsv(p, COLS);
    expect(ds.name).toBe('log');
    expect(ds.userIds).toEqual(['u1', 'u2']);
    expect(raw(ds)).toEqual([['c', 'b', 'a'], ['b']]);
    expect(Array.from(ds.timestamps![0])).toEqual([1609459200, 1609502400, 1609545600]);
    const brand = ds.itemFeatures[0];
    expect(brand.name).toBe('brand');
    expect(brand.labels).toEqual(['unknown', 'acme', 'Foo, Inc.']);
    expect(Array.from(brand.values)).toEqual([0, 1, 2, 0]); // items a, b, c (c has an empty cell)
    expect(ds.report).toMatchObject({ interactions: 4, skipped: { count: 0 } });
  });

  it('keeps file order without a timestamp column and honours the delimiter; header names are case-insensitive', () => {
    const ds = loadCsv(fixture('semi.csv', 'User;Item\nx;1\ny;2\nx;3\n'), { user: 'user', item: 'item', delimiter: ';' });
    expect(raw(ds)).toEqual([['1', '3'], ['2']]);
    expect(ds.timestamps).toBeNull();
  });

  it('names the missing column and lists the header', () => {
    const e = thrown(() => loadCsv(fixture('nocol.csv', 'user,product\n1,2\n'), { user: 'user', item: 'item' }));
    expect(e.message).toBe(`${path.join(dir, 'nocol.csv')}:1: item column "item" is not in the header (columns: "user", "product"; delimiter ",")`);
    expect(e.field).toBe('item');
  });

  it('rejects an unparseable timestamp with file, line and column', () => {
    const p = fixture('badts.csv', 'user_id,item_id,ts,brand\nu1,a,5,x\nu1,b,soon,x\n');
    const e = thrown(() => loadCsv(p, COLS));
    expect(e.message).toBe(`${p}:3: field 3 (ts) "soon" is not a number (unix seconds) or an ISO date`);
    expect([e.line, e.field]).toEqual([3, 'ts']);
  });

  it('reports the line of a row after a quoted multi-line field, and wrong field counts', () => {
    const p = fixture('multi.csv', 'user_id,item_id,ts,brand\nu1,a,5,"two\nlines"\nu1,b,6\n');
    expect(thrown(() => loadCsv(p, COLS)).message).toContain('multi.csv:4: expected 4 fields (as in the header), found 3');
  });

  it('turns CSV syntax errors into DatasetErrors', () => {
    const e = thrown(() => loadCsv(fixture('quote.csv', 'user_id,item_id\nu1,"a\nu2,b\n'), { user: 'user_id', item: 'item_id' }));
    expect(e.message).toMatch(/quote\.csv:\d+: CSV syntax error: Quote Not Closed/);
  });

  it("with onBadLine 'skip' counts bad rows (up to maxBadLines)", () => {
    const p = fixture('skip.csv', 'user_id,item_id,ts,brand\nu1,a,5,x\n\nu1,,6,x\nu2,b,x,x\nu2,c,7\nu2,d,8,y\n');
    const ds = loadCsv(p, COLS, { onBadLine: 'skip', maxBadLines: 3 });
    expect(raw(ds)).toEqual([['a'], ['d']]);
    expect(ds.report.skipped.reasons).toEqual({ 'empty line': 1, 'missing id': 1, 'bad timestamp': 1, 'field count': 1 });
    expect(ds.report.skipped.examples[1]).toBe(`${p}:4: field 2 (item_id) is empty`);
  });

  it('reads CRLF files and stops skipping at the maxBadLines ceiling', () => {
    const ds = loadCsv(fixture('crlf.csv', 'user_id,item_id\r\nu1,a\r\nu2,b\r\n\r\nu1,c\r\n'), { user: 'user_id', item: 'item_id' });
    expect([raw(ds), ds.report.skipped.reasons]).toEqual([[['a', 'c'], ['b']], { 'empty line': 1 }]);
    const rows = Array.from({ length: 1000 }, (_, k) => (k % 10 === 0 ? `u${k},,x` : `u${k},i${k},x`));
    const p = fixture('holes.csv', `user_id,item_id,brand\n${rows.join('\n')}\n`);
    const e = datasetErrorAt(() => loadCsv(p, { user: 'user_id', item: 'item_id' }, { onBadLine: 'skip', maxBadLines: 0.05 }), `${p}: `);
    expect(e.message).toContain('too many malformed lines: 51 by line 502 of 1000, more than the 50 allowed (maxBadLines 0.05 = 5% of 1000 lines, rounded up)');
    expect(e.message).toContain(`\n  ${p}:2: field 2 (item_id) is empty`);
    expect(loadCsv(p, { user: 'user_id', item: 'item_id' }, { onBadLine: 'skip', maxBadLines: 0.1 }).report.skipped.count).toBe(100);
  });

  it('rejects over-long ids and control characters in ids', () => {
    const p = fixture('long.csv', `user_id,item_id\nu1,a\nu2,${'b'.repeat(400)}\nu3,"c\u0001"\n`);
    const e = datasetErrorAt(() => loadCsv(p, { user: 'user_id', item: 'item_id' }), `${p}:3: `);
    expect([e.message, e.field]).toEqual([`${p}:3: field 2 (item_id) is 400 characters long; ids are at most 256`, 'item_id']);
    const ds = loadCsv(p, { user: 'user_id', item: 'item_id' }, { onBadLine: 'skip', maxBadLines: 2 });
    expect(ds.report.skipped.reasons).toEqual({ 'id too long': 1, 'control character': 1 });
    expect(ds.report.skipped.examples[1]).toBe(`${p}:4: field 2 (item_id) "c\\u0001" contains control character U+0001; ids may not contain control characters`);
  });

  it('fails on an empty, blank or header-only file, and on non-UTF-8 unless latin1 is declared', () => {
    const cols = { user: 'user_id', item: 'item_id' };
    const empty = fixture('empty.csv', '');
    expect(datasetErrorAt(() => loadCsv(empty, cols), `${empty}: `).message).toBe(`${empty}: no interactions: 0 lines read, 0 skipped (the file is empty); expected a CSV interaction log with a header row`);
    expect(datasetErrorAt(() => guessCsvColumns(empty), `${empty}: `).message).toContain(': no interactions: 0 lines read');
    const blank = fixture('blank.csv', ' \n\n');
    expect(datasetErrorAt(() => loadCsv(blank, cols), `${blank}: `).message).toContain(': no interactions: 2 lines read, 2 skipped ("empty line" 2)');
    const header = fixture('header.csv', 'user_id,item_id\n');
    expect(datasetErrorAt(() => loadCsv(header, cols), `${header}: `).message).toContain(': no interactions: 1 line read, 0 skipped; expected a CSV');
    const latin = fixture('latin.csv', Buffer.from('user_id,item_id\nu1,caf\u00e9\nu1,caf\u00e8\n', 'latin1'));
    expect(datasetErrorAt(() => loadCsv(latin, cols), `${latin}:2: `).message).toContain(':2: not valid UTF-8 (byte 0xE9 at column 7)');
    expect(datasetErrorAt(() => guessCsvColumns(latin), `${latin}:2: `).message).toContain('not valid UTF-8');
    expect(loadCsv(latin, guessCsvColumns(latin, ',', 'latin1'), { encoding: 'latin1' }).itemIds).toEqual(['', 'caf\u00e9', 'caf\u00e8']);
  });

  it('guesses common column names, or explains why it cannot', () => {
    expect(guessCsvColumns(fixture('g.csv', 'userId,movieId,rating,timestamp\n1,2,3,4\n'))).toEqual({ user: 'userId', item: 'movieId', timestamp: 'timestamp', delimiter: ',' });
    expect(() => guessCsvColumns(fixture('g2.csv', 'who,what\n1,2\n'))).toThrow(/cannot tell the user column from the header \(columns: "who", "what"\)/);
  });
});
