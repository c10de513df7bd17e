import { badLineMode, SkipCollector } from './errors';
import { countInteractions, groupByUser } from './group-interactions';
import { IdMap } from './id-map';
import { datasetNameOf, type FileLoadOptions } from './sequence-file';
import { clip, parseNumber, readTextFile, splitLines } from './text-file';
import type { SequenceDataset } from './types';

const COLUMN_NAMES: Record<number, string> = { 0: 'user item [timestamp]', 2: 'user item', 3: 'user item timestamp' };

const EXPECTED = 'a pair file (one interaction per line: "user item [timestamp]", separated by spaces, tabs or commas)';

/**
 * Loads an interaction-per-line file: `user item` or `user item timestamp`, fields separated by
 * whitespace, tabs or commas. The first data line fixes the column count (2 or 3); every line must
 * then have the same count. Without timestamps, file order is taken as chronological order; with a
 * timestamp column (numeric unix seconds) each user's interactions are stably sorted by time (ties
 * keep file order). Users and items get dense ids in first-seen order (items from 1).
 *
 * Empty lines are skipped and counted. Malformed lines — wrong field count (`'field count'`), a
 * non-numeric timestamp (`'bad timestamp'`) — throw a {@link DatasetError} naming file, line and
 * field, or with `onBadLine: 'skip'` are skipped and counted. A header row is not supported (use
 * {@link loadCsv}); with timestamps it fails as a bad timestamp on line 1.
 */
export function loadPairFile(path: string, opts: FileLoadOptions = {}): SequenceDataset {
  const skips = new SkipCollector(badLineMode(opts.onBadLine));
  const lines = splitLines(readTextFile(path, EXPECTED));
  const users = new IdMap(0);
  const items = new IdMap(1);
  const log = { users: [] as number[], items: [] as number[], times: null as number[] | null };
  let columns = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const text = lines[i].trim();
    if (text === '') {
      skips.skip(path, lineNo, 'empty line');
      continue;
    }
    const tokens = text.split(/[\s,]+/);
    if (columns === 0 && (tokens.length === 2 || tokens.length === 3)) {
      columns = tokens.length;
      if (columns === 3) log.times = [];
    }
    if (tokens.length !== columns) {
      const want = columns === 0 ? '2 or 3' : String(columns);
      skips.bad(path, lineNo, null, 'field count',
        `expected ${want} fields (${COLUMN_NAMES[columns]}), found ${tokens.length}: "${clip(text)}"`);
      continue;
    }
    let t = 0;
    if (columns === 3) {
      const v = parseNumber(tokens[2]);
      if (v === null) {
        skips.bad(path, lineNo, 'field 3 (timestamp)', 'bad timestamp',
          `field 3 (timestamp) "${clip(tokens[2])}" is not a number (unix seconds expected)`);
        continue;
      }
      t = v;
    }
    log.users.push(users.id(tokens[0]));
    log.items.push(items.id(tokens[1]));
    if (log.times) log.times.push(t);
  }
  const { sequences, timestamps } = groupByUser(log, users.size);
  return {
    name: opts.name ?? datasetNameOf(path),
    numUsers: users.size,
    numItems: items.size,
    userIds: users.raw,
    itemIds: ['', ...items.raw],
    sequences,
    timestamps,
    itemFeatures: [],
    report: { file: path, linesRead: lines.length, interactions: countInteractions(sequences), skipped: skips.report },
  };
}
