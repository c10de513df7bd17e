import { basename, extname } from 'node:path';
import { fileEncoding, type FileEncoding } from './decode-text';
import { skipCollector } from './errors';
import { countInteractions } from './group-interactions';
import { IdMap } from './id-map';
import { controlCharProblem, idProblem } from './line-checks';
import { requireInteractions } from './require-interactions';
import { readTextFile } from './text-file';
import { clip, splitLines } from './text-lines';
import type { SequenceDataset } from './types';

/** Options of the single-file loaders ({@link loadSequenceFile}, {@link loadPairFile}, `loadCsv`). */
export interface FileLoadOptions {
  /** `'error'` (default) throws on the first malformed line, `'skip'` counts it in the report. */
  onBadLine?: 'error' | 'skip';
  /**
   * Ceiling on malformed lines with `onBadLine: 'skip'`: a value in (0, 1) is a fraction of the
   * file's lines, a whole number >= 1 an absolute count. Past it the load stops at once with a
   * {@link DatasetError} giving the counts so far. Default {@link DEFAULT_MAX_BAD_LINES} (1%).
   */
  maxBadLines?: number;
  /** `'utf8'` (default; decoded strictly, an invalid byte is an error) or `'latin1'` (any byte is a character). */
  encoding?: FileEncoding;
  /** Dataset name; default: the file name without extension (`Beauty.txt` -> `'Beauty'`). */
  name?: string;
}

/** Default dataset name of a file: its base name without extension. */
export function datasetNameOf(path: string): string {
  const b = basename(path);
  return b.slice(0, b.length - extname(b).length) || b;
}

const EXPECTED = 'a sequence file (one line per user: "userId item item ...", items in chronological order)';

/** Describes a line that holds a user id and nothing else. */
function noItemsDetail(text: string): string {
  const delim = [',', ';', '|'].find((d) => text.includes(d));
  if (delim === undefined) return `field 1 (user) "${clip(text)}" has no items; a sequence line is "userId item item ..."`;
  return `"${clip(text)}" has no whitespace-separated items but contains "${delim}": it looks like a delimited line, `
    + `not a sequence line ("userId item item ..."); load the file with --format csv (header row) or --format pairs`;
}

/**
 * Loads a one-line-per-user sequence file, the format of the Amazon 5-core files used by
 * SASRec/ICLRec. A valid line is `userId item [item ...]`: at least two ids separated by spaces or
 * tabs, items in chronological order, the user id on no earlier line; an id is any token of at most
 * {@link MAX_ID_LENGTH} characters. Users and items get dense ids in first-seen order (items from 1).
 * Lines may end with LF or CRLF. The result has no timestamps.
 *
 * Blank (empty or whitespace-only) lines are always skipped and counted (`'empty line'`). Every other
 * deviation is malformed and throws a {@link DatasetError} naming file, line and field — or with
 * `onBadLine: 'skip'` is skipped and counted, up to `maxBadLines`: a line holding only a user id
 * (`'user without items'`; one containing `,` `;` or `|` is reported as a delimited line, with the
 * advice to load it as CSV or pairs), a user id that already had a line (`'duplicate user'`: lines
 * are not merged, since a repeat usually means concatenated files), a control character other than
 * tab (`'control character'`), an id longer than {@link MAX_ID_LENGTH} (`'id too long'`). A file
 * that yields no interaction (empty, blank, or every line skipped) is an error.
 */
export function loadSequenceFile(path: string, opts: FileLoadOptions = {}): SequenceDataset {
  const skips = skipCollector(opts);
  const lines = splitLines(readTextFile(path, EXPECTED, fileEncoding(opts.encoding)));
  skips.begin(lines.length);
  const users = new IdMap(0);
  const items = new IdMap(1);
  const userLine = new Map<string, number>();
  const sequences: Int32Array[] = [];
  lines: for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const control = controlCharProblem(lines[i]);
    if (control) {
      skips.bad(path, lineNo, control.field, control.reason, control.detail);
      continue;
    }
    const text = lines[i].trim();
    if (text === '') {
      skips.skip(path, lineNo, 'empty line');
      continue;
    }
    const tokens = text.split(/\s+/);
    const user = tokens[0];
    if (tokens.length === 1) {
      skips.bad(path, lineNo, null, 'user without items', noItemsDetail(text));
      continue;
    }
    for (let k = 0; k < tokens.length; k++) {
      const p = idProblem(tokens[k], `field ${k + 1} (${k === 0 ? 'user' : 'item'})`);
      if (p) {
        skips.bad(path, lineNo, p.field, p.reason, p.detail);
        continue lines;
      }
    }
    const prev = userLine.get(user);
    if (prev !== undefined) {
      skips.bad(path, lineNo, 'field 1 (user)', 'duplicate user',
        `field 1 (user) "${clip(user)}" already has a sequence on line ${prev}; a sequence file has one line per user`);
      continue;
    }
    userLine.set(user, lineNo);
    users.id(user);
    const seq = new Int32Array(tokens.length - 1);
    for (let k = 1; k < tokens.length; k++) seq[k - 1] = items.id(tokens[k]);
    sequences.push(seq);
  }
  return requireInteractions({
    name: opts.name ?? datasetNameOf(path),
    numUsers: users.size,
    numItems: items.size,
    userIds: users.raw,
    itemIds: ['', ...items.raw],
    sequences,
    timestamps: null,
    itemFeatures: [],
    report: { file: path, linesRead: lines.length, interactions: countInteractions(sequences), skipped: skips.report },
  }, EXPECTED);
}
