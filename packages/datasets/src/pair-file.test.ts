import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { loadPairFile } from './pair-file';
import { datasetErrorAt, thrownDatasetError, fixtureWriter, rawSequences } from './test-fixtures';

const { dir, fixture } = fixtureWriter('clrec-pairs-');
const raw = rawSequences;
const thrown = thrownDatasetError;

describe('loadPairFile', () => {
  it('reads user-item pairs in file order (whitespace, tabs or commas)', () => {
    const ds = loadPairFile(fixture('p2.txt', 'u1 i1\nu2\ti2\nu1,i3\n\nu2 i1\n'));
    expect(ds.userIds).toEqual(['u1', 'u2']);
    expect(ds.itemIds).toEqual(['', 'i1', 'i2', 'i3']);
    expect(raw(ds)).toEqual([['i1', 'i3'], ['i2', 'i1']]);
    expect(ds.timestamps).toBeNull();
    expect(ds.report).toMatchObject({ linesRead: 5, interactions: 4, skipped: { count: 1, reasons: { 'empty line': 1 } } });
  });

  it('stably sorts each user by the timestamp column (ties keep file order)', () => {
    const ds = loadPairFile(fixture('p3.txt', 'a x 30\nb y 5\na z 10\na w 30\na v 10.5\n'));
    expect(raw(ds)).toEqual([['z', 'v', 'x', 'w'], ['y']]);
    expect(Array.from(ds.timestamps![0])).toEqual([10, 10.5, 30, 30]);
    expect(Array.from(ds.timestamps![1])).toEqual([5]);
    // dense ids are assigned in file order, before sorting
    expect(ds.itemIds).toEqual(['', 'x', 'y', 'z', 'w', 'v']);
  });

  it('rejects a non-numeric timestamp naming file, line and field', () => {
    const e = thrown(() => loadPairFile(fixture('badts.txt', 'a x 30\nb y 5\nc z yesterday\n')));
    expect(e.message).toBe(`${path.join(dir, 'badts.txt')}:3: field 3 (timestamp) "yesterday" is not a number (unix seconds expected)`);
    expect(e.line).toBe(3);
    expect(e.field).toBe('field 3 (timestamp)');
  });

  it('rejects a line whose field count differs from the first line', () => {
    const e = thrown(() => loadPairFile(fixture('count.txt', 'a x 1\nb y\n')));
    expect(e.message).toContain('count.txt:2: expected 3 fields (user item timestamp), found 2');
    const e2 = thrown(() => loadPairFile(fixture('count4.txt', 'a x 1 2\n')));
    expect(e2.message).toContain('count4.txt:1: expected 2 or 3 fields');
  });

  it("with onBadLine 'skip' counts every bad line by reason", () => {
    const p = fixture('mixed.txt', 'a x 1\nb y\nc z nope\n\nd w 4 5\ne v 2\n');
    const ds = loadPairFile(p, { onBadLine: 'skip', maxBadLines: 3 });
    expect(ds.userIds).toEqual(['a', 'e']);
    expect(ds.report.skipped.count).toBe(4);
    expect(ds.report.skipped.reasons).toEqual({ 'field count': 2, 'bad timestamp': 1, 'empty line': 1 });
    expect(ds.report.skipped.examples[0]).toMatch(/mixed\.txt:2: expected 3 fields/);
    expect(ds.report.interactions).toBe(2);
  });

  it('rejects a stray sequence-style line in a pair file; skip mode counts it', () => {
    const p = fixture('stray.txt', 'u1 i1\nu1 i2\nu2 i3 i4 i5 i6\nu2 i4\n');
    expect(datasetErrorAt(() => loadPairFile(p), `${p}:3: `).message).toBe(`${p}:3: expected 2 fields (user item), found 5: "u2 i3 i4 i5 i6"`);
    const ds = loadPairFile(p, { onBadLine: 'skip', maxBadLines: 1 });
    expect([raw(ds), ds.report.skipped.reasons]).toEqual([[['i1', 'i2'], ['i4']], { 'field count': 1 }]);
    const first = fixture('stray1.txt', 'u0 a b c\nu1 i1\n');
    expect(datasetErrorAt(() => loadPairFile(first), `${first}:1: `).message).toContain(':1: expected 2 or 3 fields (user item [timestamp]), found 4');
    // a malformed first line does not fix the column count
    const ts = fixture('stray2.txt', 'u0 a b\nu1 i1\nu1 i2\n');
    expect(datasetErrorAt(() => loadPairFile(ts), `${ts}:1: `).message).toContain(':1: field 3 (timestamp) "b" is not a number');
    expect(raw(loadPairFile(ts, { onBadLine: 'skip', maxBadLines: 1 }))).toEqual([['i1', 'i2']]);
  });

  it('rejects empty fields (stray delimiters) and over-long ids; reads CRLF', () => {
    const p = fixture('empty-field.txt', 'u1,i1\nu1,,i2\n');
    const e = datasetErrorAt(() => loadPairFile(p), `${p}:2: `);
    expect([e.message, e.field]).toEqual([`${p}:2: field 2 (item) is empty: "u1,,i2"`, 'field 2 (item)']);
    const trailing = fixture('trailing.txt', 'u1,i1,\n');
    expect(datasetErrorAt(() => loadPairFile(trailing), `${trailing}:1: `).message).toContain(':1: field 3 (timestamp) is empty');
    const long = fixture('long-pairs.txt', `u1 i1\n${'u'.repeat(257)} i2\n`);
    expect(datasetErrorAt(() => loadPairFile(long), `${long}:2: `).message).toBe(`${long}:2: field 1 (user) is 257 characters long; ids are at most 256`);
    const crlf = loadPairFile(fixture('crlf.txt', 'a x 2\r\na y 1\r\nb x 5\r\n'));
    expect([raw(crlf), crlf.timestamps!.map((t) => Array.from(t))]).toEqual([[['y', 'x'], ['x']], [[1, 2], [5]]]);
    expect(raw(loadPairFile(fixture('spaced.txt', 'u1 , i1\nu1, i2\n')))).toEqual([['i1', 'i2']]);
  });

  it('fails on empty, whitespace-only and binary files, naming them', () => {
    const empty = fixture('empty.txt', '');
    expect(datasetErrorAt(() => loadPairFile(empty), `${empty}: `).message).toContain(': no interactions: 0 lines read, 0 skipped (the file is empty); expected a pair file');
    const blank = fixture('blank.txt', '\n \n');
    expect(datasetErrorAt(() => loadPairFile(blank), `${blank}: `).message).toContain(': no interactions: 2 lines read, 2 skipped ("empty line" 2)');
    const bin = fixture('bin.dat', Buffer.from([0x75, 0x31, 0x20, 0x69, 0x0a, 0x00, 0x01]));
    expect(datasetErrorAt(() => loadPairFile(bin), `${bin}:2: `).message).toBe(`${bin}:2: binary data (NUL byte at column 1); expected a pair file (one interaction per line: "user item [timestamp]", separated by spaces, tabs or commas)`);
  });

  it('reports a missing file with its path', () => {
    expect(() => loadPairFile(path.join(dir, 'missing.tsv'))).toThrow(/missing\.tsv: file not found; expected a pair file/);
  });
});
