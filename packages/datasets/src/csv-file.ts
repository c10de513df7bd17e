import { parse } from 'csv-parse/sync';
import { fileEncoding, type FileEncoding } from './decode-text';
import { DatasetError, skipCollector } from './errors';
import { countInteractions, groupByUser } from './group-interactions';
import { IdMap } from './id-map';
import { idProblem } from './line-checks';
import { requireInteractions, requireText } from './require-interactions';
import { datasetNameOf, type FileLoadOptions } from './sequence-file';
import { readTextFile } from './text-file';
import { clip, parseTimestamp } from './text-lines';
import type { CsvColumns, ItemFeature, SequenceDataset } from './types';

type Row = { record: string[]; info: { lines: number } };

/** Parses CSV text into records with their line numbers; a syntax error becomes a {@link DatasetError}. */
function parseRows(path: string, text: string, delimiter: string, toLine?: number): Row[] {
  try {
    return parse(text, {
      delimiter, info: true, relax_column_count: true, skip_empty_lines: false, bom: true, to_line: toLine,
    }) as unknown as Row[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new DatasetError(path, typeof err.lines === 'number' ? err.lines : null, null, `CSV syntax error: ${err.message}`);
  }
}

/** Finds a header column (exact name first, then case-insensitive); -1 if absent. */
function findColumn(header: string[], name: string): number {
  const exact = header.indexOf(name);
  return exact >= 0 ? exact : header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
}

const EXPECTED = 'a CSV interaction log with a header row';

/**
 * Loads a CSV interaction log (header row required, one interaction per row). `columns` names the
 * user, item and optional timestamp column (numeric unix seconds or ISO-8601 dates; each user's rows
 * are then stably sorted by time, otherwise file order is chronological) and optional categorical
 * item `features` columns, each turned into an {@link ItemFeature} whose vocabulary is built in
 * first-seen order (value k+1 = k-th distinct value; an empty cell is 0 = unknown; when an item's
 * rows disagree the first value wins and the number of conflicts is noted in `report.notes`).
 *
 * A valid data row has as many fields as the header, a non-empty user and item id of at most
 * {@link MAX_ID_LENGTH} characters without control characters, and (when mapped) a timestamp that
 * is a number or an ISO date. Lines may end with LF or CRLF. A missing column or a CSV syntax error
 * (e.g. an unclosed quote) always throws a {@link DatasetError}. Blank lines are always skipped and
 * counted; every other deviation — wrong field count (`'field count'`), empty id (`'missing id'`),
 * over-long id (`'id too long'`), control character in an id (`'control character'`), unparseable
 * timestamp (`'bad timestamp'`) — throws, or with `onBadLine: 'skip'` is skipped and counted, up
 * to `maxBadLines` (a fraction of the data rows, or a count). An empty or blank file, a header
 * without rows, or rows that were all skipped is an error (`no interactions: ...`).
 */
export function loadCsv(path: string, columns: CsvColumns, opts: FileLoadOptions = {}): SequenceDataset {
  const skips = skipCollector(opts);
  const delimiter = columns.delimiter ?? ',';
  const text = readTextFile(path, EXPECTED, fileEncoding(opts.encoding));
  requireText(path, text, EXPECTED);
  const rows = parseRows(path, text, delimiter);
  skips.begin(rows.length - 1);
  const header = rows[0].record.map((h) => h.trim());
  const col = (name: string, role: string): number => {
    const c = findColumn(header, name);
    if (c < 0) {
      throw new DatasetError(path, rows[0].info.lines, name,
        `${role} column "${name}" is not in the header (columns: ${header.map((h) => JSON.stringify(h)).join(', ')}; delimiter ${JSON.stringify(delimiter)})`);
    }
    return c;
  };
  const cu = col(columns.user, 'user');
  const ci = col(columns.item, 'item');
  const ct = columns.timestamp !== undefined ? col(columns.timestamp, 'timestamp') : -1;
  const featNames = columns.features ?? [];
  const cf = featNames.map((f) => col(f, 'feature'));
  const users = new IdMap(0);
  const items = new IdMap(1);
  const log = { users: [] as number[], items: [] as number[], times: ct >= 0 ? ([] as number[]) : null };
  const vocab = featNames.map(() => new IdMap(1));
  const itemFeat: number[][] = featNames.map(() => [0]);
  let conflicts = 0;
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r];
    const lineNo = info.lines;
    if (record.length === 1 && record[0].trim() === '' && header.length > 1) {
      skips.skip(path, lineNo, 'empty line');
      continue;
    }
    if (record.length !== header.length) {
      skips.bad(path, lineNo, null, 'field count', `expected ${header.length} fields (as in the header), found ${record.length}`);
      continue;
    }
    const u = record[cu].trim();
    const it = record[ci].trim();
    if (u === '' || it === '') {
      const [c, name] = u === '' ? [cu, columns.user] : [ci, columns.item];
      skips.bad(path, lineNo, name, 'missing id', `field ${c + 1} (${name}) is empty`);
      continue;
    }
    const pu = idProblem(u, `field ${cu + 1} (${columns.user})`);
    const p = pu ?? idProblem(it, `field ${ci + 1} (${columns.item})`);
    if (p) {
      skips.bad(path, lineNo, pu ? columns.user : columns.item, p.reason, p.detail);
      continue;
    }
    let t = 0;
    if (ct >= 0) {
      const v = parseTimestamp(record[ct].trim(), true);
      if (v === null) {
        skips.bad(path, lineNo, columns.timestamp!, 'bad timestamp',
          `field ${ct + 1} (${columns.timestamp}) "${clip(record[ct])}" is not a number (unix seconds) or an ISO date`);
        continue;
      }
      t = v;
    }
    log.users.push(users.id(u));
    const item = items.id(it);
    log.items.push(item);
    if (log.times) log.times.push(t);
    for (let f = 0; f < cf.length; f++) {
      const raw = record[cf[f]].trim();
      const v = raw === '' ? 0 : vocab[f].id(raw);
      const vals = itemFeat[f];
      if (item === vals.length) vals.push(v);
      else if (vals[item] === 0) vals[item] = v;
      else if (v !== 0 && vals[item] !== v) conflicts++;
    }
  }
  const { sequences, timestamps } = groupByUser(log, users.size);
  const itemFeatures: ItemFeature[] = featNames.map((name, f) => ({
    name,
    cardinality: vocab[f].size + 1,
    values: Int32Array.from(itemFeat[f]),
    labels: ['unknown', ...vocab[f].raw],
  }));
  const notes = conflicts > 0 ? [`${conflicts} row(s) gave an item a feature value different from its first one; the first value was kept`] : [];
  return requireInteractions({
    name: opts.name ?? datasetNameOf(path),
    numUsers: users.size,
    numItems: items.size,
    userIds: users.raw,
    itemIds: ['', ...items.raw],
    sequences,
    timestamps,
    itemFeatures,
    report: { file: path, linesRead: rows[rows.length - 1].info.lines, interactions: countInteractions(sequences), skipped: skips.report, notes },
  }, EXPECTED);
}

/** Common header names tried, in order, when a CSV is loaded without a column mapping. */
const GUESSES = {
  user: ['user', 'user_id', 'userid', 'uid', 'customer_id', 'visitorid', 'session_id'],
  item: ['item', 'item_id', 'itemid', 'iid', 'movie_id', 'movieid', 'product_id', 'productid', 'asin'],
  timestamp: ['timestamp', 'time', 'ts', 'datetime', 'date', 'unix_time', 'unix_timestamp'],
};

/**
 * Guesses a {@link CsvColumns} mapping from a CSV header by common names (`user`/`user_id`/...,
 * `item`/`item_id`/`movie_id`/..., `timestamp`/`time`/...); throws a {@link DatasetError} listing
 * the header when no user or item column is recognised (or `no interactions` for an empty file).
 * `encoding` is as in {@link FileLoadOptions}.
 */
export function guessCsvColumns(path: string, delimiter = ',', encoding?: FileEncoding): CsvColumns {
  const text = readTextFile(path, EXPECTED, fileEncoding(encoding));
  requireText(path, text, EXPECTED);
  const rows = parseRows(path, text, delimiter, 1);
  const header = (rows[0]?.record ?? []).map((h) => h.trim());
  const pick = (names: string[]) => header.find((h) => names.includes(h.toLowerCase()));
  const user = pick(GUESSES.user);
  const item = pick(GUESSES.item);
  if (!user || !item) {
    throw new DatasetError(path, 1, user ? 'item' : 'user',
      `cannot tell the ${user ? 'item' : 'user'} column from the header (columns: ${header.map((h) => JSON.stringify(h)).join(', ')}); pass csv: { user, item, timestamp? }`);
  }
  return { user, item, timestamp: pick(GUESSES.timestamp), delimiter };
}
