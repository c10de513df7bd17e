import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { loadMovieLens100k } from './movielens';
import { datasetErrorAt, thrownDatasetError } from './test-fixtures';

const PKG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.CLREC_SHARED_DIR ?? path.resolve(PKG_DIR, '../../../shared');
const ML = path.join(SHARED, 'datasets/ml-100k');
const root = mkdtempSync(path.join(tmpdir(), 'clrec-ml-'));

const flags = (...on: number[]) => Array.from({ length: 19 }, (_, g) => (on.includes(g) ? '1' : '0')).join('|');
const GOOD = {
  'u.data': ['10\t3\t4\t500', '2\t1\t5\t100', '10\t1\t3\t300', '10\t7\t2\t500', '5\t7\t1\t50', '10\t3\t5\t200'].join('\n') + '\n',
  'u.item': [
    `1|Toy|01-Jan-1995||http://x|${flags(3, 4, 5)}`,
    `3|Caf\u00e9 (1958)|12-May-1958||http://y|${flags(8)}`,
    `7|Nothing||||${flags()}`,
    `9|Unrated|01-Jan-1931||http://z|${flags(1)}`,
  ].join('\n') + '\n',
  'u.user': ['2|17|F|student|12345', '5|60|M|retired|54321', '10|30|M|writer|00000'].join('\n') + '\n',
};
const fixtureDir = (name: string, files: Record<string, string>) => {
  const d = path.join(root, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(d, f), Buffer.from(text, 'latin1'));
  return d;
};
const thrown = thrownDatasetError;

describe('loadMovieLens100k (fixtures)', () => {
  it('numbers users/items by numeric id and sorts each user by time, ties in row order', () => {
    const ds = loadMovieLens100k(fixtureDir('good', GOOD));
    expect(ds.name).toBe('ml-100k');
    expect(ds.userIds).toEqual(['2', '5', '10']);
    expect(ds.itemIds).toEqual(['', '1', '3', '7']);
    const u10 = ds.sequences[2];
    expect(Array.from(u10, (i) => ds.itemIds[i])).toEqual(['3', '1', '3', '7']);
    expect(Array.from(ds.timestamps![2])).toEqual([200, 300, 500, 500]);
    // the tie at t=500 keeps u.data row order: row 1 (item 3) before row 4 (item 7)
    expect(Array.from(ds.timestamps![0])).toEqual([100]);
    expect(ds.report).toMatchObject({ linesRead: 6, interactions: 6, notes: [] });
  });

  it('builds genre/year item features, multi-hot genres and user features', () => {
    const ds = loadMovieLens100k(fixtureDir('good2', GOOD));
    const genre = ds.itemFeatures.find((f) => f.name === 'genre')!;
    const year = ds.itemFeatures.find((f) => f.name === 'year')!;
    expect(genre.cardinality).toBe(20);
    expect(Array.from(genre.values)).toEqual([0, 4, 9, 0]); // Animation(3)+1, Drama(8)+1, none
    expect(genre.labels![4]).toBe('Animation');
    expect(year.labels).toEqual(['unknown', '1950s', '1960s', '1970s', '1980s', '1990s']);
    expect(Array.from(year.values)).toEqual([0, 5, 1, 0]);
    expect(Array.from(ds.itemGenres![1])).toEqual(flags(3, 4, 5).split('|').map(Number));
    expect(ds.itemGenres![0].every((v) => v === 0)).toBe(true);
    const uf = Object.fromEntries(ds.userFeatures!.map((f) => [f.name, Array.from(f.values, (v) => f.labels![v])]));
    expect(uf).toEqual({ age: ['<18', '56+', '25-34'], gender: ['F', 'M', 'M'], occupation: ['student', 'retired', 'writer'] });
  });

  it('accepts the path of u.data and notes missing side files', () => {
    const d = fixtureDir('nodata', { 'u.data': GOOD['u.data'] });
    const ds = loadMovieLens100k(path.join(d, 'u.data'));
    expect(ds.itemFeatures).toEqual([]);
    expect(ds.userFeatures).toBeUndefined();
    expect(ds.report.notes!.join('\n')).toMatch(/u\.item not found[\s\S]*u\.user not found/);
  });

  it('rejects rating rows with a wrong field count, naming file and line', () => {
    const d = fixtureDir('badcount', { ...GOOD, 'u.data': '1\t2\t3\t4\n1\t2\t3\n' });
    const e = thrown(() => loadMovieLens100k(d));
    expect(e.message).toContain(`${path.join(d, 'u.data')}:2: expected 4 fields (user item rating timestamp), found 3`);
    expect(e.line).toBe(2);
  });

  it('rejects non-numeric timestamps, ratings and ids with the field name', () => {
    const bad = (name: string, row: string) => thrown(() => loadMovieLens100k(fixtureDir(name, { ...GOOD, 'u.data': `1\t1\t3\t9\n${row}\n` })));
    expect(bad('ts', '1\t2\t3\tabc').message).toMatch(/u\.data:2: field 4 \(timestamp\) "abc" is not a number/);
    expect(bad('rating', '1\t2\tfive\t9').message).toMatch(/u\.data:2: field 3 \(rating\) "five" is not a number/);
    const e = bad('id', '1\tx7\t3\t9');
    expect(e.message).toMatch(/u\.data:2: field 2 \(item\) "x7" is not an integer id/);
    expect(e.field).toBe('field 2 (item)');
  });

  it('rejects a malformed u.item genre flag', () => {
    const item = GOOD['u.item'].replace(`3|Caf\u00e9 (1958)|12-May-1958||http://y|${flags(8)}`, `3|Caf\u00e9|12-May-1958||http://y|${flags(8).replace(/^0/, 'x')}`);
    const e = thrown(() => loadMovieLens100k(fixtureDir('baditem', { ...GOOD, 'u.item': item })));
    expect(e.message).toMatch(/u\.item:2: field 6 \(genre unknown\) "x" is not 0 or 1/);
  });

  it("with onBadLine 'skip' counts bad rows across all files", () => {
    const d = fixtureDir('skip', {
      ...GOOD,
      'u.data': `${GOOD['u.data']}\n1\t2\t3\n1\t2\t3\tlater\n`,
      'u.user': `${GOOD['u.user']}11|old|M|none|0\n`,
    });
    const ds = loadMovieLens100k(d, { onBadLine: 'skip', maxBadLines: 3 });
    expect(ds.report.interactions).toBe(6);
    expect(ds.report.skipped.reasons).toEqual({ 'empty line': 1, 'field count': 1, 'bad timestamp': 1, 'bad age': 1 });
    expect(ds.report.skipped.examples.some((x) => x.includes('u.user:4: field 2 (age)'))).toBe(true);
  });

  it('fails when u.data yields no interaction, naming u.data', () => {
    const d = fixtureDir('nodata2', { ...GOOD, 'u.data': '\n  \n' });
    const data = path.join(d, 'u.data');
    expect(datasetErrorAt(() => loadMovieLens100k(d), `${data}: `).message).toMatch(/u\.data: no interactions: 2 lines read, 2 skipped \("empty line" 2\); expected MovieLens 100K u\.data/);
    const high = datasetErrorAt(() => loadMovieLens100k(fixtureDir('high', GOOD), { minRating: 6 }), `${path.join(root, 'high', 'u.data')}: `);
    expect(high.message).toContain('no interactions: 6 lines read, 0 skipped; kept ratings >= 6: 0 of 6 rows');
  });

  it('reads CRLF, and applies the encoding and the maxBadLines ceiling to the side files too', () => {
    const crlf = fixtureDir('crlf', { ...GOOD, 'u.data': GOOD['u.data'].replace(/\n/g, '\r\n') });
    expect(loadMovieLens100k(crlf).report.interactions).toBe(6);
    const d = fixtureDir('enc', GOOD);
    const e = datasetErrorAt(() => loadMovieLens100k(d, { encoding: 'utf8' }), `${path.join(d, 'u.item')}:2: `);
    expect(e.message).toContain('u.item:2: not valid UTF-8 (byte 0xE9 at column 6)');
    const bad = fixtureDir('ceiling', { ...GOOD, 'u.user': `${GOOD['u.user']}11|old|M|none|0\n12|x|M|none|0\n` });
    const c = datasetErrorAt(() => loadMovieLens100k(bad, { onBadLine: 'skip', maxBadLines: 1 }), `${path.join(bad, 'u.user')}: `);
    expect(c.message).toContain('u.user: too many malformed lines: 2 by line 5 of 5, more than the 1 allowed (maxBadLines 1)');
    const v = fixtureDir('vt', { ...GOOD, 'u.data': `1\t1\t3\t9\n1\t2\u000b3\t9\n` });
    expect(datasetErrorAt(() => loadMovieLens100k(v), `${path.join(v, 'u.data')}:2: `).message).toContain(':2: control character U+000B at column 4');
  });

  it('reports a missing directory', () => {
    expect(() => loadMovieLens100k(path.join(root, 'nowhere'))).toThrow(/nowhere: directory not found; expected the MovieLens 100K folder/);
    expect(() => loadMovieLens100k(fixtureDir('empty', {}))).toThrow(/u\.data: file not found; expected MovieLens 100K u\.data/);
  });
});

describe.skipIf(!existsSync(path.join(ML, 'u.data')))('loadMovieLens100k (real ml-100k)', () => {
  it('has 943 users, 1,682 items, 100,000 ratings, time-sorted, with features', () => {
    const ds = loadMovieLens100k(ML);
    expect(ds.numUsers).toBe(943);
    expect(ds.numItems).toBe(1682);
    expect(ds.report.interactions).toBe(100000);
    expect(ds.report.skipped.count).toBe(0);
    expect(ds.report.notes).toEqual([]);
    // dense ids equal raw ids for the standard release
    expect(ds.itemIds[1682]).toBe('1682');
    expect(ds.userIds[942]).toBe('943');
    expect(ds.timestamps!.every((t) => t.every((v, k) => k === 0 || v >= t[k - 1]))).toBe(true);
    const genre = ds.itemFeatures[0];
    const year = ds.itemFeatures[1];
    expect(genre.labels![genre.values[1]]).toBe('Animation'); // Toy Story: Animation|Children's|Comedy
    expect(year.labels![year.values[1]]).toBe('1990s');
    expect(year.values[267]).toBe(0); // no release date
    expect(ds.itemGenres![1].reduce((a, b) => a + b, 0)).toBe(3);
    const [age, gender, occupation] = ds.userFeatures!;
    expect([age.labels![age.values[0]], gender.labels![gender.values[0]], occupation.labels![occupation.values[0]]]).toEqual(['18-24', 'M', 'technician']);
    expect(occupation.cardinality).toBe(22);
  });
});
