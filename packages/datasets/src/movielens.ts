import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileEncoding, type FileEncoding } from './decode-text';
import { DatasetError, skipCollector } from './errors';
import { countInteractions, groupByUser } from './group-interactions';
import { controlCharProblem, idProblem } from './line-checks';
import { readGenreNames, readItemFile, readUserFile } from './movielens-side-files';
import { requireInteractions } from './require-interactions';
import { readTextFile } from './text-file';
import { clip, parseNumber, splitLines } from './text-lines';
import type { SequenceDataset } from './types';

/** Options of {@link loadMovieLens100k}. */
export interface MovieLensOptions {
  /** `'error'` (default) throws on the first malformed row, `'skip'` counts it in the report. */
  onBadLine?: 'error' | 'skip';
  /**
   * Ceiling on malformed rows with `onBadLine: 'skip'`, over all the files read: a fraction in
   * (0, 1) of their lines or a whole count >= 1; default {@link DEFAULT_MAX_BAD_LINES} (1%).
   */
  maxBadLines?: number;
  /** Encoding of every file of the folder; default `'latin1'`, the release's (its `u.item` has Latin-1 titles). */
  encoding?: FileEncoding;
  /** Keep only ratings >= this value (implicit-feedback style); default: keep all ratings. */
  minRating?: number;
}

const EXPECTED = 'MovieLens 100K u.data ("user<TAB>item<TAB>rating<TAB>unix_timestamp" per line)';

/** Sorts raw integer ids numerically and returns raw id -> dense id (starting at `base`). */
function numericIndex(ids: Set<string>, base: number): { raw: string[]; index: Map<string, number> } {
  const raw = [...ids].sort((a, b) => Number(a) - Number(b));
  return { raw, index: new Map(raw.map((id, k) => [id, k + base])) };
}

/**
 * Loads the MovieLens 100K release from its directory (or from the path of its `u.data`). `u.data` (required) gives the ratings; each
 * user's sequence is sorted by timestamp (ties keep `u.data` row order) with timestamps attached.
 * Users and items are numbered by ascending numeric raw id (so for the standard release dense item
 * id = movie id and dense user index = user id - 1); only rated items are part of the dataset.
 *
 * Side files, each optional (a missing one is recorded in `report.notes`):
 * - `u.item` -> item features `'genre'` (primary genre = first flagged genre index + 1, 0 none) and
 *   `'year'` (release decade bucket, labels like `'1990s'`, 0 unknown), and `itemGenres` (multi-hot);
 * - `u.user` -> `userFeatures` `'age'` (bucket), `'gender'`, `'occupation'`;
 * - `u.genre`, `u.occupation` -> label vocabularies.
 *
 * A valid `u.data` line is `user item rating timestamp`: four fields separated by tabs or spaces,
 * integer ids (at most {@link MAX_ID_LENGTH} digits), a numeric rating and a numeric timestamp (unix
 * seconds); LF or CRLF line ends. Blank lines are always skipped and counted. Every other deviation
 * — in `u.data` a wrong field count, a non-integer or over-long id, a non-numeric rating or
 * timestamp, a control character other than tab; in `u.item` / `u.user` a wrong field count, a bad
 * or duplicate id, a bad date, genre flag, age or gender — throws a {@link DatasetError} naming file,
 * line and field, or with `onBadLine: 'skip'` is skipped and counted in `report.skipped`, up to
 * `maxBadLines` over all the files. No interaction left (an empty `u.data`, every row skipped or
 * below `minRating`) is an error.
 */
export function loadMovieLens100k(path: string, opts: MovieLensOptions = {}): SequenceDataset {
  const dir = basename(path) === 'u.data' && existsSync(path) && statSync(path).isFile() ? dirname(path) : path;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DatasetError(dir, null, null, 'directory not found; expected the MovieLens 100K folder holding u.data (and u.item, u.user)');
  }
  const skips = skipCollector(opts);
  const encoding = fileEncoding(opts.encoding, 'latin1');
  const dataPath = join(dir, 'u.data');
  const lines = splitLines(readTextFile(dataPath, EXPECTED, encoding));
  skips.begin(lines.length);
  const rows: { u: string; i: string; t: number }[] = [];
  const userSet = new Set<string>();
  const itemSet = new Set<string>();
  const names = ['user', 'item', 'rating', 'timestamp'];
  for (let k = 0; k < lines.length; k++) {
    const lineNo = k + 1;
    const control = controlCharProblem(lines[k]);
    if (control) {
      skips.bad(dataPath, lineNo, control.field, control.reason, control.detail);
      continue;
    }
    const text = lines[k].trim();
    if (text === '') {
      skips.skip(dataPath, lineNo, 'empty line');
      continue;
    }
    const f = text.split(/\s+/);
    if (f.length !== 4) {
      skips.bad(dataPath, lineNo, null, 'field count', `expected 4 fields (user item rating timestamp), found ${f.length}: "${clip(text)}"`);
      continue;
    }
    const bad = [0, 1].find((c) => !/^\d+$/.test(f[c]));
    if (bad !== undefined) {
      skips.bad(dataPath, lineNo, `field ${bad + 1} (${names[bad]})`, 'bad id', `field ${bad + 1} (${names[bad]}) "${clip(f[bad])}" is not an integer id`);
      continue;
    }
    const long = idProblem(f[0], 'field 1 (user)') ?? idProblem(f[1], 'field 2 (item)');
    if (long) {
      skips.bad(dataPath, lineNo, long.field, long.reason, long.detail);
      continue;
    }
    const rating = parseNumber(f[2]);
    if (rating === null) {
      skips.bad(dataPath, lineNo, 'field 3 (rating)', 'bad rating', `field 3 (rating) "${clip(f[2])}" is not a number`);
      continue;
    }
    const t = parseNumber(f[3]);
    if (t === null) {
      skips.bad(dataPath, lineNo, 'field 4 (timestamp)', 'bad timestamp', `field 4 (timestamp) "${clip(f[3])}" is not a number (unix seconds expected)`);
      continue;
    }
    if (opts.minRating !== undefined && rating < opts.minRating) continue;
    rows.push({ u: f[0], i: f[1], t });
    userSet.add(f[0]);
    itemSet.add(f[1]);
  }
  const users = numericIndex(userSet, 0);
  const items = numericIndex(itemSet, 1);
  const { sequences, timestamps } = groupByUser({
    users: rows.map((r) => users.index.get(r.u)!),
    items: rows.map((r) => items.index.get(r.i)!),
    times: rows.map((r) => r.t),
  }, users.raw.length);

  const notes: string[] = [];
  if (opts.minRating !== undefined) notes.push(`kept ratings >= ${opts.minRating}: ${rows.length} of ${lines.length} rows`);
  const ds: SequenceDataset = {
    name: 'ml-100k',
    numUsers: users.raw.length,
    numItems: items.raw.length,
    userIds: users.raw,
    itemIds: ['', ...items.raw],
    sequences,
    timestamps,
    itemFeatures: [],
    report: { file: dataPath, linesRead: lines.length, interactions: countInteractions(sequences), skipped: skips.report, notes },
  };
  requireInteractions(ds, EXPECTED);
  const itemPath = join(dir, 'u.item');
  if (existsSync(itemPath)) {
    const r = readItemFile(itemPath, readGenreNames(join(dir, 'u.genre'), encoding), items.index, ds.numItems, skips, encoding);
    ds.itemFeatures = r.features;
    ds.itemGenres = r.itemGenres;
    if (r.missing > 0) notes.push(`${r.missing} rated item(s) have no u.item row: their features are 0 (unknown)`);
  } else {
    notes.push(`${itemPath} not found: no item features`);
  }
  const userPath = join(dir, 'u.user');
  if (existsSync(userPath)) {
    const occPath = join(dir, 'u.occupation');
    const occupations = existsSync(occPath)
      ? splitLines(readTextFile(occPath, 'MovieLens u.occupation (one name per line)', encoding)).map((s) => s.trim()).filter((s) => s !== '')
      : [];
    const r = readUserFile(userPath, occupations, users.index, ds.numUsers, skips, encoding);
    ds.userFeatures = r.features;
    if (r.missing > 0) notes.push(`${r.missing} user(s) have no u.user row: their features are 0 (unknown)`);
  } else {
    notes.push(`${userPath} not found: no user features`);
  }
  return ds;
}
