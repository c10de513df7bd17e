import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvalNegatives, saveEvalNegatives } from './eval-negatives-file';
import { EVAL_NEGATIVES_FORMAT } from './eval-negatives-json';
import { sampleEvalNegatives } from './sample-eval-negatives';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clrec-metrics-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A valid file body to corrupt field by field. */
const valid = {
  format: EVAL_NEGATIVES_FORMAT, mode: 'uniform', count: 2, seed: 1, numItems: 5, shortUsers: [1], negatives: [[1, 4], [3]],
};

describe('saveEvalNegatives / loadEvalNegatives', () => {
  it('round-trips sampled negatives (creating the directory, leaving no temp file)', async () => {
    const data = sampleEvalNegatives({
      numItems: 30, users: [{ exclude: [1, 2] }, { exclude: [] }, { exclude: [0, 5] }], count: 10, mode: 'uniform', seed: 9,
    });
    const path = join(dir, 'sub', 'negatives.json');
    await saveEvalNegatives(path, data);
    expect(await loadEvalNegatives(path)).toEqual(data);
    expect(await readdir(join(dir, 'sub'))).toEqual(['negatives.json']);
    // overwriting is atomic too and yields the new content
    const other = { ...data, seed: 10, negatives: data.negatives.slice(0, 1), shortUsers: [] };
    await saveEvalNegatives(path, other);
    expect((await loadEvalNegatives(path)).seed).toBe(10);
    expect(JSON.parse(await readFile(path, 'utf8')).format).toBe(EVAL_NEGATIVES_FORMAT);
  });

  it('round-trips the optional users and tag, and rejects a users list of the wrong length', async () => {
    const data = sampleEvalNegatives({ numItems: 8, users: [{ exclude: [1] }, { exclude: [2] }], count: 3, seed: 4, mode: 'uniform' });
    const tagged = { ...data, users: Int32Array.from([17, 3]), tag: 'beauty:test:uniform' };
    const path = join(dir, 'tagged.json');
    await saveEvalNegatives(path, tagged);
    const got = await loadEvalNegatives(path);
    expect(got).toEqual(tagged);
    expect(got.users).toBeInstanceOf(Int32Array);
    await writeFile(path, JSON.stringify({ ...valid, users: [5] }));
    await expect(loadEvalNegatives(path)).rejects.toThrow(/users is not an array of 2 int32 ids/);
    await writeFile(path, JSON.stringify({ ...valid, tag: 7 }));
    await expect(loadEvalNegatives(path)).rejects.toThrow(/tag 7 is not a string/);
  });

  it('accepts a valid hand-written file with a short user', async () => {
    const path = join(dir, 'valid.json');
    await writeFile(path, JSON.stringify(valid));
    const got = await loadEvalNegatives(path);
    expect(got.negatives.map((a) => Array.from(a))).toEqual([[1, 4], [3]]);
    expect(got.negatives[0]).toBeInstanceOf(Int32Array);
  });

  it('rejects corrupt files with an error naming the file', async () => {
    const cases: [string, string, RegExp][] = [
      ['truncated.json', JSON.stringify(valid).slice(0, 40), /not valid JSON/],
      ['format.json', JSON.stringify({ ...valid, format: 'other' }), /format/],
      ['mode.json', JSON.stringify({ ...valid, mode: 'zipf' }), /mode/],
      ['range.json', JSON.stringify({ ...valid, negatives: [[1, 6], [3]] }), /negatives\[0\]\[1\] = 6/],
      ['padding.json', JSON.stringify({ ...valid, negatives: [[0, 4], [3]] }), /negatives\[0\]\[0\] = 0/],
      ['repeat.json', JSON.stringify({ ...valid, negatives: [[4, 4], [3]] }), /repeats item 4/],
      ['short.json', JSON.stringify({ ...valid, negatives: [[1], [3]] }), /negatives\[0\] has 1 ids, expected 2/],
      ['shortusers.json', JSON.stringify({ ...valid, shortUsers: [2] }), /shortUsers/],
    ];
    for (const [name, body, why] of cases) {
      const path = join(dir, name);
      await writeFile(path, body);
      const err = await loadEvalNegatives(path).then(() => undefined, (e: Error) => e);
      expect(err?.message, name).toContain(path);
      expect(err?.message, name).toMatch(why);
    }
  });
});
