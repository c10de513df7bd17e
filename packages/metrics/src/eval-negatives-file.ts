/**
 * JSON persistence of sampled evaluation negatives, so every model of a comparison is ranked
 * against exactly the same candidates. Writes are atomic (temp file + rename): a crash never
 * leaves a half-written file that a later run would silently use.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EvalNegatives } from './sample-eval-negatives';

/** `format` tag written into every file, checked on load. */
export const EVAL_NEGATIVES_FORMAT = 'clrec-eval-negatives/v1';

/**
 * Writes `data` to `path` as JSON (`{ format, mode, count, seed, numItems, shortUsers, negatives }`,
 * negatives as arrays of ids, plus `users` and `tag` when set), creating the parent directory.
 * Atomic: the JSON goes to a temporary file in the same directory, which is then renamed over `path`.
 *
 * @param path - destination file.
 * @param data - result of `sampleEvalNegatives`.
 */
export async function saveEvalNegatives(path: string, data: EvalNegatives): Promise<void> {
  const json = JSON.stringify({
    format: EVAL_NEGATIVES_FORMAT,
    mode: data.mode,
    count: data.count,
    seed: data.seed,
    numItems: data.numItems,
    shortUsers: data.shortUsers,
    ...(data.tag !== undefined ? { tag: data.tag } : {}),
    ...(data.users !== undefined ? { users: Array.from(data.users) } : {}),
    negatives: data.negatives.map((a) => Array.from(a)),
  });
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    await writeFile(tmp, json, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Throws an `Error` naming the file. */
function fail(path: string, why: string): never {
  throw new Error(`loadEvalNegatives: ${path}: ${why}`);
}

/** Whether `v` is an integer in `[lo, hi]`. */
const isIntIn = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/**
 * Reads and validates a file written by {@link saveEvalNegatives}.
 *
 * Checks: valid JSON with the expected `format` tag; `mode` is `'popularity'` or `'uniform'`;
 * `count`, `numItems` positive integers, `seed` an integer; every user's negatives are distinct
 * integers in `[1, numItems]`, exactly `count` of them unless the user is listed in `shortUsers`
 * (then fewer); the optional `users` is an integer array with one entry per row and `tag` a string.
 *
 * @param path - file to read.
 * @returns the negatives, as `Int32Array`s.
 * @throws Error with a message naming `path` and the first problem found.
 */
export async function loadEvalNegatives(path: string): Promise<EvalNegatives> {
  const text = await readFile(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    fail(path, `not valid JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null) fail(path, 'not a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.format !== EVAL_NEGATIVES_FORMAT) fail(path, `format is ${JSON.stringify(o.format)}, expected "${EVAL_NEGATIVES_FORMAT}"`);
  if (o.mode !== 'popularity' && o.mode !== 'uniform') fail(path, `mode ${JSON.stringify(o.mode)} is not 'popularity' or 'uniform'`);
  if (!isIntIn(o.count, 1, Number.MAX_SAFE_INTEGER)) fail(path, `count ${JSON.stringify(o.count)} is not a positive integer`);
  if (!isIntIn(o.numItems, 1, Number.MAX_SAFE_INTEGER)) fail(path, `numItems ${JSON.stringify(o.numItems)} is not a positive integer`);
  if (!isIntIn(o.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)) fail(path, `seed ${JSON.stringify(o.seed)} is not an integer`);
  const { count, numItems } = o;
  if (!Array.isArray(o.negatives)) fail(path, 'negatives is not an array');
  const users = o.negatives.length;
  if (!Array.isArray(o.shortUsers) || !o.shortUsers.every((u) => isIntIn(u, 0, users - 1))) {
    fail(path, `shortUsers is not an array of user indices in [0, ${users})`);
  }
  const short = new Set<number>(o.shortUsers as number[]);
  const negatives = o.negatives.map((list: unknown, u: number) => {
    if (!Array.isArray(list)) fail(path, `negatives[${u}] is not an array`);
    const expected = short.has(u) ? `fewer than ${count} (short user)` : `${count}`;
    if (short.has(u) ? list.length >= count : list.length !== count) {
      fail(path, `negatives[${u}] has ${list.length} ids, expected ${expected}`);
    }
    const seen = new Set<number>();
    for (let j = 0; j < list.length; j++) {
      const id: unknown = list[j];
      if (!isIntIn(id, 1, numItems)) fail(path, `negatives[${u}][${j}] = ${JSON.stringify(id)} is not an item id in [1, ${numItems}]`);
      if (seen.has(id)) fail(path, `negatives[${u}] repeats item ${id}`);
      seen.add(id);
    }
    return Int32Array.from(list as number[]);
  });
  const out: EvalNegatives = { mode: o.mode, count, seed: o.seed, numItems, negatives, shortUsers: [...(o.shortUsers as number[])] };
  if (o.tag !== undefined) {
    if (typeof o.tag !== 'string') fail(path, `tag ${JSON.stringify(o.tag)} is not a string`);
    out.tag = o.tag;
  }
  if (o.users !== undefined) {
    const ids = o.users;
    if (!Array.isArray(ids) || ids.length !== users || !ids.every((u) => isIntIn(u, -(2 ** 31), 2 ** 31 - 1))) {
      fail(path, `users is not an array of ${users} int32 ids (one per negatives row)`);
    }
    out.users = Int32Array.from(ids as number[]);
  }
  return out;
}
