import type { FileEncoding } from './decode-text';
import type { SimulatorOptions } from './simulator';
import type { DatasetError } from './errors';
import type { loadDataset } from './load-dataset';

/**
 * One categorical item feature, stored densely so an encoder can embed it with a lookup table.
 * `values[itemId]` is in `0..cardinality-1` for every dense item id `1..numItems`; `values[0]` (the
 * padding item) is always 0, and 0 also means "unknown / missing" for real items.
 */
export interface ItemFeature {
  /** Feature name, e.g. `'genre'`, `'year'`, `'category'` or a CSV column name. */
  name: string;
  /** Number of distinct values including the 0 = unknown slot (embedding table rows). */
  cardinality: number;
  /** Value per dense item id; length `numItems + 1`. */
  values: Int32Array;
  /** Optional human-readable label of each value (`labels[0]` = `'unknown'`); length `cardinality`. */
  labels?: string[];
}

/**
 * One categorical user feature (e.g. MovieLens age bucket, gender, occupation). `values[u]` is the
 * value for dense user index `u` (0-based, length `numUsers`); 0 means unknown.
 */
export interface UserFeature {
  /** Feature name, e.g. `'age'`, `'gender'`, `'occupation'`. */
  name: string;
  /** Number of distinct values including the 0 = unknown slot. */
  cardinality: number;
  /** Value per dense user index; length `numUsers`. */
  values: Int32Array;
  /** Optional label of each value (`labels[0]` = `'unknown'`); length `cardinality`. */
  labels?: string[];
}

/**
 * What a loader left out, so that nothing is dropped silently. `reasons` is a histogram keyed by a
 * short reason (e.g. `'empty line'`, `'user without items'`, `'bad timestamp'`), `examples` holds
 * the first 10 skipped lines as `"file:line: reason"`.
 */
export interface SkipReport {
  /** Total number of skipped lines / rows. */
  count: number;
  /** Number of skipped lines per reason. */
  reasons: Record<string, number>;
  /** Up to 10 examples, each `"file:line: message"`. */
  examples: string[];
}

/** Provenance and bookkeeping of one load: which file, how many lines, what was kept and skipped. */
export interface LoadReport {
  /** The main file read (for MovieLens: `<dir>/u.data`; for the simulator: `'sim'`). */
  file: string;
  /** Number of physical lines read from the main file (data lines, including skipped ones). */
  linesRead: number;
  /** Number of interactions kept in the dataset (sum of sequence lengths). */
  interactions: number;
  /** Lines that were skipped, with reasons. */
  skipped: SkipReport;
  /** Free-form remarks that are not errors (e.g. an optional side file that was absent). */
  notes?: string[];
}

/**
 * The in-memory form every loader produces: one chronological sequence of dense item ids per user.
 * Dense item ids are `1..numItems`; 0 is reserved for padding. Dense users are `0..numUsers-1`.
 */
export interface SequenceDataset {
  /** Short dataset name, e.g. `'Beauty'`, `'ml-100k'`, `'sim'`. */
  name: string;
  /** Number of users (= `sequences.length`). */
  numUsers: number;
  /** Number of items; dense item ids are `1..numItems`. */
  numItems: number;
  /** Raw id of each dense user index (length `numUsers`). */
  userIds: string[];
  /** Raw id of each dense item id; `itemIds[0] = ''` (length `numItems + 1`). */
  itemIds: string[];
  /** Per user, the chronological dense item ids. */
  sequences: Int32Array[];
  /** Per user, unix seconds aligned with `sequences`, or `null` when the source has no times. */
  timestamps: Float64Array[] | null;
  /** Categorical item side features (possibly empty). */
  itemFeatures: ItemFeature[];
  /** Categorical user side features, when the source has them (MovieLens `u.user`). */
  userFeatures?: UserFeature[];
  /**
   * Multi-hot item genres when the source has them (MovieLens): `itemGenres[itemId][g]` is 1 when
   * the item has genre `g` (genre names are `itemFeatures` 'genre' `labels[g + 1]`); row 0 all zeros.
   */
  itemGenres?: Uint8Array[];
  /** How the data was loaded and what was skipped. */
  report: LoadReport;
}

/** The on-disk formats {@link loadDataset} understands (`'sim'` = the built-in simulator). */
export type DatasetFormat = 'sequence' | 'pairs' | 'ml-100k' | 'csv' | 'sim';

/**
 * Column mapping of a CSV interaction log (header row required). `timestamp` values may be numeric
 * unix seconds or ISO-8601 dates; each `features` column becomes a categorical item feature.
 */
export interface CsvColumns {
  /** Header name of the user id column. */
  user: string;
  /** Header name of the item id column. */
  item: string;
  /** Header name of the timestamp column (seconds or ISO dates); omit to keep file order. */
  timestamp?: string;
  /** Header names of categorical item feature columns. */
  features?: string[];
  /** Field delimiter; default `','`. */
  delimiter?: string;
}

/** Options shared by all loaders. */
export interface LoadOptions {
  /** Force a format instead of detecting it; default `'auto'`. */
  format?: DatasetFormat | 'auto';
  /** Column mapping for CSV input (required unless the header uses common names). */
  csv?: CsvColumns;
  /** `'error'` (default) throws a {@link DatasetError} on the first bad line; `'skip'` counts it in `report.skipped`. */
  onBadLine?: 'error' | 'skip';
  /**
   * With `onBadLine: 'skip'`, the most malformed lines tolerated before the load stops with a
   * {@link DatasetError} (counts so far, reasons, first examples): a value in (0, 1) is a fraction of
   * the lines read, a whole number >= 1 an absolute count. Blank lines do not count. Default
   * `DEFAULT_MAX_BAD_LINES` = 0.01 (1%).
   */
  maxBadLines?: number;
  /**
   * Text encoding of the input: `'utf8'` (default; decoded strictly, an invalid byte is an error
   * naming line and column) or `'latin1'` (every byte is one character). MovieLens defaults to
   * `'latin1'`, its release's encoding.
   */
  encoding?: FileEncoding;
  /** Options of the simulator when the spec is `'sim'`. */
  sim?: SimulatorOptions;
}
