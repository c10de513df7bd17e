import { basename, extname } from 'node:path';
import { badLineMode, SkipCollector } from './errors';
import { countInteractions } from './group-interactions';
import { IdMap } from './id-map';
import { readTextFile, splitLines } from './text-file';
import type { SequenceDataset } from './types';

/** Options of the single-file loaders ({@link loadSequenceFile}, {@link loadPairFile}). */
export interface FileLoadOptions {
  /** `'error'` (default) throws on the first malformed line, `'skip'` counts it in the report. */
  onBadLine?: 'error' | 'skip';
  /** Dataset name; default: the file name without extension (`Beauty.txt` -> `'Beauty'`). */
  name?: string;
}

/** Default dataset name of a file: its base name without extension. */
export function datasetNameOf(path: string): string {
  const b = basename(path);
  return b.slice(0, b.length - extname(b).length) || b;
}

const EXPECTED = 'a sequence file (one line per user: "userId item item ...", items in chronological order)';

/**
 * Loads a one-line-per-user sequence file (`userId item item ...`, whitespace separated, items in
 * chronological order), the format of the Amazon 5-core files used by SASRec/ICLRec. Ids may be any
 * non-whitespace tokens; users and items get dense ids in first-seen order (items from 1).
 *
 * Always skipped and counted in `report.skipped`: empty lines (`'empty line'`) and lines holding
 * only a user id (`'user without items'`). Malformed: a user id that already had a line
 * (`'duplicate user'`) — one line per user is the format's contract, so a repeat usually means two
 * files were concatenated; it throws a {@link DatasetError}, or with `onBadLine: 'skip'` the later
 * line is skipped and counted. The result has no timestamps.
 */
export function loadSequenceFile(path: string, opts: FileLoadOptions = {}): SequenceDataset {
  const skips = new SkipCollector(badLineMode(opts.onBadLine));
  const lines = splitLines(readTextFile(path, EXPECTED));
  const users = new IdMap(0);
  const items = new IdMap(1);
  const userLine = new Map<string, number>();
  const sequences: Int32Array[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const text = lines[i].trim();
    if (text === '') {
      skips.skip(path, lineNo, 'empty line');
      continue;
    }
    const tokens = text.split(/\s+/);
    const user = tokens[0];
    if (tokens.length === 1) {
      skips.skip(path, lineNo, 'user without items', `user without items: field 1 (user) "${user}" has no items`);
      continue;
    }
    const prev = userLine.get(user);
    if (prev !== undefined) {
      skips.bad(path, lineNo, 'field 1 (user)', 'duplicate user',
        `field 1 (user) "${user}" already has a sequence on line ${prev}; a sequence file has one line per user`);
      continue;
    }
    userLine.set(user, lineNo);
    users.id(user);
    const seq = new Int32Array(tokens.length - 1);
    for (let k = 1; k < tokens.length; k++) seq[k - 1] = items.id(tokens[k]);
    sequences.push(seq);
  }
  return {
    name: opts.name ?? datasetNameOf(path),
    numUsers: users.size,
    numItems: items.size,
    userIds: users.raw,
    itemIds: ['', ...items.raw],
    sequences,
    timestamps: null,
    itemFeatures: [],
    report: { file: path, linesRead: lines.length, interactions: countInteractions(sequences), skipped: skips.report },
  };
}
