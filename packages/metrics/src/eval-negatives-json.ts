/**
 * The JSON form of sampled evaluation negatives (what `saveEvalNegatives` of `@clrec/metrics/node`
 * writes to a file): encode and validate without touching files, so a browser can store or fetch the
 * same data elsewhere.
 */
import type { EvalNegatives } from './sample-eval-negatives';

/** `format` tag written into every file, checked on load. */
export const EVAL_NEGATIVES_FORMAT = 'clrec-eval-negatives/v1';

/**
 * `data` as JSON text: `{ format, mode, count, seed, numItems, shortUsers, negatives }`, negatives as
 * arrays of ids, plus `users` and `tag` when set.
 *
 * @param data - result of `sampleEvalNegatives`.
 */
export function evalNegativesToJson(data: EvalNegatives): string {
  return JSON.stringify({
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
}

/** Whether `v` is an integer in `[lo, hi]`. */
const isIntIn = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/**
 * Parses and validates JSON text written by {@link evalNegativesToJson}.
 *
 * Checks: valid JSON with the expected `format` tag; `mode` is `'popularity'` or `'uniform'`;
 * `count`, `numItems` positive integers, `seed` an integer; every user's negatives are distinct
 * integers in `[1, numItems]`, exactly `count` of them unless the user is listed in `shortUsers`
 * (then fewer); the optional `users` is an integer array with one entry per row and `tag` a string.
 *
 * @param text - the JSON text.
 * @param source - names the text in error messages (e.g. the file or URL it came from).
 * @returns the negatives, as `Int32Array`s.
 * @throws Error with a message `parseEvalNegatives: <source>: <first problem found>`.
 */
export function parseEvalNegatives(text: string, source = 'input'): EvalNegatives {
  return parseEvalNegativesWith(text, (why) => {
    throw new Error(`parseEvalNegatives: ${source}: ${why}`);
  });
}

/**
 * {@link parseEvalNegatives} with the error thrower given (`loadEvalNegatives` names the file its own way).
 * @internal
 */
export function parseEvalNegativesWith(text: string, fail: (why: string) => never): EvalNegatives {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    fail(`not valid JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null) fail('not a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.format !== EVAL_NEGATIVES_FORMAT) fail(`format is ${JSON.stringify(o.format)}, expected "${EVAL_NEGATIVES_FORMAT}"`);
  if (o.mode !== 'popularity' && o.mode !== 'uniform') fail(`mode ${JSON.stringify(o.mode)} is not 'popularity' or 'uniform'`);
  if (!isIntIn(o.count, 1, Number.MAX_SAFE_INTEGER)) fail(`count ${JSON.stringify(o.count)} is not a positive integer`);
  if (!isIntIn(o.numItems, 1, Number.MAX_SAFE_INTEGER)) fail(`numItems ${JSON.stringify(o.numItems)} is not a positive integer`);
  if (!isIntIn(o.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)) fail(`seed ${JSON.stringify(o.seed)} is not an integer`);
  const { count, numItems } = o;
  if (!Array.isArray(o.negatives)) fail('negatives is not an array');
  const users = o.negatives.length;
  if (!Array.isArray(o.shortUsers) || !o.shortUsers.every((u) => isIntIn(u, 0, users - 1))) {
    fail(`shortUsers is not an array of user indices in [0, ${users})`);
  }
  const short = new Set<number>(o.shortUsers as number[]);
  const negatives = o.negatives.map((list: unknown, u: number) => {
    if (!Array.isArray(list)) fail(`negatives[${u}] is not an array`);
    const expected = short.has(u) ? `fewer than ${count} (short user)` : `${count}`;
    if (short.has(u) ? list.length >= count : list.length !== count) {
      fail(`negatives[${u}] has ${list.length} ids, expected ${expected}`);
    }
    const seen = new Set<number>();
    for (let j = 0; j < list.length; j++) {
      const id: unknown = list[j];
      if (!isIntIn(id, 1, numItems)) fail(`negatives[${u}][${j}] = ${JSON.stringify(id)} is not an item id in [1, ${numItems}]`);
      if (seen.has(id)) fail(`negatives[${u}] repeats item ${id}`);
      seen.add(id);
    }
    return Int32Array.from(list as number[]);
  });
  const out: EvalNegatives = { mode: o.mode, count, seed: o.seed, numItems, negatives, shortUsers: [...(o.shortUsers as number[])] };
  if (o.tag !== undefined) {
    if (typeof o.tag !== 'string') fail(`tag ${JSON.stringify(o.tag)} is not a string`);
    out.tag = o.tag;
  }
  if (o.users !== undefined) {
    const ids = o.users;
    if (!Array.isArray(ids) || ids.length !== users || !ids.every((u) => isIntIn(u, -(2 ** 31), 2 ** 31 - 1))) {
      fail(`users is not an array of ${users} int32 ids (one per negatives row)`);
    }
    out.users = Int32Array.from(ids as number[]);
  }
  return out;
}
