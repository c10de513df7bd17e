import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { DatasetError } from './errors';
import { splitLines } from './text-lines';
import type { DatasetFormat } from './types';

const PEEK_LINES = 200;
const PEEK_BYTES = 4 << 20;

/** Reads the first `PEEK_LINES` lines of a file without loading all of it. */
function peekLines(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(PEEK_BYTES, statSync(path).size));
    const n = readSync(fd, buf, 0, buf.length, 0);
    const lines = splitLines(buf.subarray(0, n).toString('utf8'));
    if (n === PEEK_BYTES && lines.length > 1) lines.pop(); // last line may be cut
    return lines.slice(0, PEEK_LINES);
  } finally {
    closeSync(fd);
  }
}

/**
 * Guesses the format of a dataset path:
 * - a directory holding `u.data`, or a file named `u.data` -> `'ml-100k'` (any other directory
 *   is an error);
 * - a `*.csv` file -> `'csv'`;
 * - otherwise the first 200 lines are peeked: a line with more than 3 tokens -> `'sequence'`; all
 *   lines with at most 2 tokens -> `'pairs'`; lines of exactly 3 tokens are `'pairs'`
 *   (`user item timestamp`) when they use commas or a user id repeats on several lines (a sequence
 *   file has one line per user), else `'sequence'`.
 * Throws a {@link DatasetError} when the path does not exist.
 */
export function detectFormat(path: string): DatasetFormat {
  if (!existsSync(path)) {
    throw new DatasetError(path, null, null, 'not found; expected a dataset file (sequence, pair or CSV) or a MovieLens 100K directory');
  }
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, 'u.data'))) return 'ml-100k';
    throw new DatasetError(path, null, null, 'is a directory without u.data; expected a MovieLens 100K folder or a dataset file');
  }
  if (basename(path) === 'u.data') return 'ml-100k';
  if (extname(path).toLowerCase() === '.csv') return 'csv';
  let threes = 0;
  let commas = false;
  const users = new Set<string>();
  let repeats = false;
  for (const line of peekLines(path)) {
    const text = line.trim();
    if (text === '') continue;
    const tokens = text.split(/[\s,]+/);
    if (tokens.length > 3) return 'sequence';
    if (tokens.length === 3) threes++;
    if (text.includes(',')) commas = true;
    if (users.has(tokens[0])) repeats = true;
    users.add(tokens[0]);
  }
  if (threes === 0) return 'pairs';
  return commas || repeats ? 'pairs' : 'sequence';
}
