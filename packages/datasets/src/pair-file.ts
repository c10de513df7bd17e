import { fileEncoding } from './decode-text';
import { skipCollector } from './errors';
import { countInteractions, groupByUser } from './group-interactions';
import { IdMap } from './id-map';
import { controlCharProblem, idProblem } from './line-checks';
import { requireInteractions } from './require-interactions';
import { datasetNameOf, type FileLoadOptions } from './sequence-file';
import { readTextFile } from './text-file';
import { clip, parseNumber, splitLines } from './text-lines';
import type { SequenceDataset } from './types';

const COLUMN_NAMES: Record<number, string> = { 0: 'user item [timestamp]', 2: 'user item', 3: 'user item timestamp' };
const FIELD_NAMES = ['user', 'item', 'timestamp'];

const EXPECTED = 'a pair file (one interaction per line: "user item [timestamp]", separated by spaces, tabs or commas)';

/**
 * Loads an interaction-per-line file. A valid line is `user item` or `user item timestamp`: fields
 * separated by a comma (spaces around it allowed) or by spaces / tabs, none empty; ids of at most
 * {@link MAX_ID_LENGTH} characters; the timestamp a number (unix seconds). The first valid line fixes
 * the column count (2 or 3); every line must then have the same count. Lines may end with LF or CRLF.
 * Without timestamps, file order is taken as chronological order; with a timestamp column each
 * user's interactions are stably sorted by time (ties keep file order). Users and items get dense
 * ids in first-seen order (items from 1).
 *
 * Blank lines are always skipped and counted. Every other deviation is malformed — a wrong field
 * count (`'field count'`, e.g. a sequence-style `user item item item` line), an empty field
 * (`'empty field'`, e.g. `u1,,i1`), a non-numeric timestamp (`'bad timestamp'`), a control character
 * other than tab (`'control character'`), an over-long id (`'id too long'`) — and throws a
 * {@link DatasetError} naming file, line and field, or with `onBadLine: 'skip'` is skipped and
 * counted, up to `maxBadLines`. A header row is not supported (use {@link loadCsv}); with timestamps
 * it fails as a bad timestamp on line 1. A file that yields no interaction is an error.
 */
export function loadPairFile(path: string, opts: FileLoadOptions = {}): SequenceDataset {
  const skips = skipCollector(opts);
  const lines = splitLines(readTextFile(path, EXPECTED, fileEncoding(opts.encoding)));
  skips.begin(lines.length);
  const users = new IdMap(0);
  const items = new IdMap(1);
  const log = { users: [] as number[], items: [] as number[], times: null as number[] | null };
  let columns = 0;
  const bad = (lineNo: number, field: string | null, reason: string, detail: string) => skips.bad(path, lineNo, field, reason, detail);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const control = controlCharProblem(lines[i]);
    if (control) {
      bad(lineNo, control.field, control.reason, control.detail);
      continue;
    }
    const text = lines[i].trim();
    if (text === '') {
      skips.skip(path, lineNo, 'empty line');
      continue;
    }
    const tokens = text.split(/\s*,\s*|\s+/);
    const empty = tokens.indexOf('');
    if (empty >= 0) {
      const field = `field ${empty + 1} (${FIELD_NAMES[empty] ?? 'extra'})`;
      bad(lineNo, field, 'empty field', `${field} is empty: "${clip(text)}"`);
      continue;
    }
    const cols = columns === 0 && (tokens.length === 2 || tokens.length === 3) ? tokens.length : columns;
    if (tokens.length !== cols) {
      const want = cols === 0 ? '2 or 3' : String(cols);
      bad(lineNo, null, 'field count', `expected ${want} fields (${COLUMN_NAMES[cols]}), found ${tokens.length}: "${clip(text)}"`);
      continue;
    }
    const p = idProblem(tokens[0], 'field 1 (user)') ?? idProblem(tokens[1], 'field 2 (item)');
    if (p) {
      bad(lineNo, p.field, p.reason, p.detail);
      continue;
    }
    let t = 0;
    if (cols === 3) {
      const v = parseNumber(tokens[2]);
      if (v === null) {
        bad(lineNo, 'field 3 (timestamp)', 'bad timestamp', `field 3 (timestamp) "${clip(tokens[2])}" is not a number (unix seconds expected)`);
        continue;
      }
      t = v;
    }
    if (columns === 0) {
      columns = cols;
      if (columns === 3) log.times = [];
    }
    log.users.push(users.id(tokens[0]));
    log.items.push(items.id(tokens[1]));
    if (log.times) log.times.push(t);
  }
  const { sequences, timestamps } = groupByUser(log, users.size);
  return requireInteractions({
    name: opts.name ?? datasetNameOf(path),
    numUsers: users.size,
    numItems: items.size,
    userIds: users.raw,
    itemIds: ['', ...items.raw],
    sequences,
    timestamps,
    itemFeatures: [],
    report: { file: path, linesRead: lines.length, interactions: countInteractions(sequences), skipped: skips.report },
  }, EXPECTED);
}
