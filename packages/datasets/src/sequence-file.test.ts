import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { loadSequenceFile } from './sequence-file';
import { fixtureWriter } from './test-fixtures';

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

  it('skips and counts empty lines and users without items, in either mode', () => {
    const p = fixture('holes.txt', '1 10 11\n\n   \n2\n3 12\t13\n');
    const ds = loadSequenceFile(p);
    expect(ds.numUsers).toBe(2);
    expect(ds.userIds).toEqual(['1', '3']);
    expect(ds.report.skipped.count).toBe(3);
    expect(ds.report.skipped.reasons).toEqual({ 'empty line': 2, 'user without items': 1 });
    expect(ds.report.skipped.examples[2]).toBe(`${p}:4: user without items: field 1 (user) "2" has no items`);
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
    const ds = loadSequenceFile(fixture('dup2.txt', '1 10 11\n1 13\n2 12\n1 14\n'), { onBadLine: 'skip' });
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
