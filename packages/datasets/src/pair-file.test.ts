import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { loadPairFile } from './pair-file';
import { thrownDatasetError, fixtureWriter, rawSequences } from './test-fixtures';

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
    const ds = loadPairFile(p, { onBadLine: 'skip' });
    expect(ds.userIds).toEqual(['a', 'e']);
    expect(ds.report.skipped.count).toBe(4);
    expect(ds.report.skipped.reasons).toEqual({ 'field count': 2, 'bad timestamp': 1, 'empty line': 1 });
    expect(ds.report.skipped.examples[0]).toMatch(/mixed\.txt:2: expected 3 fields/);
    expect(ds.report.interactions).toBe(2);
  });

  it('reports a missing file with its path', () => {
    expect(() => loadPairFile(path.join(dir, 'missing.tsv'))).toThrow(/missing\.tsv: file not found; expected a pair file/);
  });
});
