import { existsSync } from 'node:fs';
import type { FileEncoding } from './decode-text';
import type { SkipCollector } from './errors';
import { readTextFile } from './text-file';
import { clip, splitLines } from './text-lines';
import type { ItemFeature, UserFeature } from './types';

/** The 19 MovieLens 100K genres in `u.genre` order (used when `u.genre` is absent). */
export const ML100K_GENRES: readonly string[] = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama',
  'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];

/** MovieLens-1M style age buckets used for the `'age'` user feature (value = index + 1). */
export const AGE_BUCKETS: readonly { label: string; maxAge: number }[] = [
  { label: '<18', maxAge: 17 }, { label: '18-24', maxAge: 24 }, { label: '25-34', maxAge: 34 },
  { label: '35-44', maxAge: 44 }, { label: '45-49', maxAge: 49 }, { label: '50-55', maxAge: 55 },
  { label: '56+', maxAge: Infinity },
];

/** Reads optional `u.genre` (`name|index`) for genre names; falls back to {@link ML100K_GENRES}. */
export function readGenreNames(path: string, encoding: FileEncoding = 'latin1'): string[] {
  if (!existsSync(path)) return [...ML100K_GENRES];
  const names: string[] = [];
  for (const l of splitLines(readTextFile(path, 'MovieLens u.genre ("name|index")', encoding))) {
    const [name, idx] = l.split('|');
    if (name && idx !== undefined && /^\d+$/.test(idx.trim())) names[Number(idx)] = name;
  }
  return names.length > 0 && names.every((n) => n !== undefined) ? names : [...ML100K_GENRES];
}

/**
 * Parses `u.item` (`id|title|release_date|video_release_date|url|` + one 0/1 flag per genre,
 * latin-1 by default) into the `'genre'` (primary = first flagged genre + 1; 0 none) and `'year'`
 * (release decade bucket; 0 unknown) features plus multi-hot genre rows, for the items in
 * `itemIndex` (raw id -> dense id). Returns the number of dataset items that `u.item` does not
 * describe. Malformed rows go through `skips` (and count towards its `maxBadLines` ceiling).
 */
export function readItemFile(
  path: string, genres: string[], itemIndex: Map<string, number>, numItems: number, skips: SkipCollector,
  encoding: FileEncoding = 'latin1',
): { features: ItemFeature[]; itemGenres: Uint8Array[]; missing: number } {
  const lines = splitLines(readTextFile(path, 'MovieLens u.item ("id|title|date|video_date|url|" + genre flags)', encoding));
  skips.begin(lines.length);
  const nFields = 5 + genres.length;
  const genre = new Int32Array(numItems + 1);
  const year = new Int32Array(numItems + 1);
  const itemGenres = Array.from({ length: numItems + 1 }, () => new Uint8Array(genres.length));
  const seen = new Map<string, number>();
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return skips.skip(path, lineNo, 'empty line');
    const f = raw.split('|');
    if (f.length !== nFields) {
      return skips.bad(path, lineNo, null, 'field count', `expected ${nFields} "|"-separated fields (5 + ${genres.length} genre flags), found ${f.length}`);
    }
    const id = f[0].trim();
    if (!/^\d+$/.test(id)) return skips.bad(path, lineNo, 'field 1 (movie id)', 'bad id', `field 1 (movie id) "${clip(id)}" is not an integer id`);
    const prev = seen.get(id);
    if (prev !== undefined) return skips.bad(path, lineNo, 'field 1 (movie id)', 'duplicate item', `field 1 (movie id) "${id}" already described on line ${prev}`);
    let y = 0;
    const date = f[2].trim();
    if (date !== '') {
      const m = /(\d{4})$/.exec(date);
      if (!m) return skips.bad(path, lineNo, 'field 3 (release date)', 'bad release date', `field 3 (release date) "${clip(date)}" has no 4-digit year`);
      y = Number(m[1]);
    }
    const flags = new Uint8Array(genres.length);
    for (let g = 0; g < genres.length; g++) {
      const v = f[5 + g].trim();
      if (v !== '0' && v !== '1') {
        return skips.bad(path, lineNo, `field ${6 + g} (genre ${genres[g]})`, 'bad genre flag', `field ${6 + g} (genre ${genres[g]}) "${clip(v)}" is not 0 or 1`);
      }
      flags[g] = v === '1' ? 1 : 0;
    }
    seen.set(id, lineNo);
    const item = itemIndex.get(id);
    if (item === undefined) return; // described but never rated: not part of the dataset
    itemGenres[item] = flags;
    const first = flags.indexOf(1);
    genre[item] = first < 0 ? 0 : first + 1;
    year[item] = y;
  });
  // Decade buckets over the dataset's items: value = (decade - first decade) / 10 + 1.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 1; i <= numItems; i++) if (year[i] > 0) { lo = Math.min(lo, year[i]); hi = Math.max(hi, year[i]); }
  const d0 = Number.isFinite(lo) ? Math.floor(lo / 10) * 10 : 0;
  const nDecades = Number.isFinite(lo) ? (Math.floor(hi / 10) * 10 - d0) / 10 + 1 : 0;
  for (let i = 1; i <= numItems; i++) if (year[i] > 0) year[i] = (Math.floor(year[i] / 10) * 10 - d0) / 10 + 1;
  let missing = 0;
  for (const id of itemIndex.keys()) if (!seen.has(id)) missing++;
  return {
    features: [
      { name: 'genre', cardinality: genres.length + 1, values: genre, labels: ['unknown', ...genres] },
      {
        name: 'year', cardinality: nDecades + 1, values: year,
        labels: ['unknown', ...Array.from({ length: nDecades }, (_, k) => `${d0 + 10 * k}s`)],
      },
    ],
    itemGenres,
    missing,
  };
}

/**
 * Parses `u.user` (`id|age|gender|occupation|zip`) into `'age'` (bucket, see {@link AGE_BUCKETS}),
 * `'gender'` (1 = M, 2 = F) and `'occupation'` (index in `occupations` + 1, unknown names appended)
 * features for the users in `userIndex` (raw id -> dense index). Returns how many dataset users it
 * does not describe. Malformed rows go through `skips` (and count towards its `maxBadLines` ceiling).
 */
export function readUserFile(
  path: string, occupations: string[], userIndex: Map<string, number>, numUsers: number, skips: SkipCollector,
  encoding: FileEncoding = 'latin1',
): { features: UserFeature[]; missing: number } {
  const lines = splitLines(readTextFile(path, 'MovieLens u.user ("id|age|gender|occupation|zip")', encoding));
  skips.begin(lines.length);
  const age = new Int32Array(numUsers);
  const gender = new Int32Array(numUsers);
  const occ = new Int32Array(numUsers);
  const occLabels = ['unknown', ...occupations];
  const seen = new Map<string, number>();
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return skips.skip(path, lineNo, 'empty line');
    const f = raw.split('|').map((s) => s.trim());
    if (f.length !== 5) return skips.bad(path, lineNo, null, 'field count', `expected 5 "|"-separated fields (id|age|gender|occupation|zip), found ${f.length}`);
    if (!/^\d+$/.test(f[0])) return skips.bad(path, lineNo, 'field 1 (user id)', 'bad id', `field 1 (user id) "${clip(f[0])}" is not an integer id`);
    if (seen.has(f[0])) return skips.bad(path, lineNo, 'field 1 (user id)', 'duplicate user', `field 1 (user id) "${f[0]}" already described on line ${seen.get(f[0])}`);
    if (!/^\d+$/.test(f[1])) return skips.bad(path, lineNo, 'field 2 (age)', 'bad age', `field 2 (age) "${clip(f[1])}" is not an integer`);
    if (f[2] !== 'M' && f[2] !== 'F') return skips.bad(path, lineNo, 'field 3 (gender)', 'bad gender', `field 3 (gender) "${clip(f[2])}" is not M or F`);
    seen.set(f[0], lineNo);
    const u = userIndex.get(f[0]);
    if (u === undefined) return;
    const a = Number(f[1]);
    age[u] = AGE_BUCKETS.findIndex((b) => a <= b.maxAge) + 1;
    gender[u] = f[2] === 'M' ? 1 : 2;
    let o = f[3] === '' ? 0 : occLabels.indexOf(f[3]);
    if (o < 0) o = occLabels.push(f[3]) - 1;
    occ[u] = o;
  });
  let missing = 0;
  for (const id of userIndex.keys()) if (!seen.has(id)) missing++;
  return {
    features: [
      { name: 'age', cardinality: AGE_BUCKETS.length + 1, values: age, labels: ['unknown', ...AGE_BUCKETS.map((b) => b.label)] },
      { name: 'gender', cardinality: 3, values: gender, labels: ['unknown', 'M', 'F'] },
      { name: 'occupation', cardinality: occLabels.length, values: occ, labels: occLabels },
    ],
    missing,
  };
}
