import type { SkipReport } from './types';

/**
 * Thrown for any bad dataset input: a missing file, a malformed line, an unknown column. The message
 * always starts with `file:line:` (or `file:` when no single line is to blame) and names the field,
 * e.g. `u.data:17: field 4 (timestamp) "abc" is not a number`, so the user can open the file at the
 * right place. The same facts are available as fields for programmatic handling.
 */
export class DatasetError extends Error {
  /** Path of the offending file (as given by the caller). */
  readonly file: string;
  /** 1-based line number, or `null` when the problem is not tied to one line. */
  readonly line: number | null;
  /** The offending field, e.g. `'field 4 (timestamp)'` or a CSV column name; `null` when none. */
  readonly field: string | null;

  /**
   * @param file path of the offending file
   * @param line 1-based line number or `null`
   * @param field offending field description or `null`
   * @param detail what is wrong (the message is `file:line: detail`)
   */
  constructor(file: string, line: number | null, field: string | null, detail: string) {
    super(`${file}${line !== null ? `:${line}` : ''}: ${detail}`);
    this.name = 'DatasetError';
    this.file = file;
    this.line = line;
    this.field = field;
  }
}

/** How a loader reacts to a malformed line. */
export type BadLineMode = 'error' | 'skip';

/** Maximum number of examples kept in a {@link SkipReport}. */
const MAX_EXAMPLES = 10;

/**
 * Collects skipped lines into a {@link SkipReport}. `bad()` is for malformed input (throws in
 * `'error'` mode, counts in `'skip'` mode); `skip()` is for lines that are always skipped but still
 * counted (empty lines, users without items).
 */
export class SkipCollector {
  /** The report being filled; hand it to the {@link LoadReport}. */
  readonly report: SkipReport = { count: 0, reasons: {}, examples: [] };

  /** @param mode `'error'` throws on {@link SkipCollector.bad}, `'skip'` counts. */
  constructor(readonly mode: BadLineMode = 'error') {}

  /** Records an always-skipped line under `reason` (never throws). */
  skip(file: string, line: number, reason: string, detail: string = reason): void {
    const r = this.report;
    r.count++;
    r.reasons[reason] = (r.reasons[reason] ?? 0) + 1;
    if (r.examples.length < MAX_EXAMPLES) r.examples.push(`${file}:${line}: ${detail}`);
  }

  /** Reports a malformed line: throws a {@link DatasetError} in `'error'` mode, else records it. */
  bad(file: string, line: number, field: string | null, reason: string, detail: string): void {
    if (this.mode === 'error') throw new DatasetError(file, line, field, detail);
    this.skip(file, line, reason, detail);
  }
}

/** Validates the `onBadLine` option (a typo would otherwise silently mean "error"). */
export function badLineMode(v: unknown): BadLineMode {
  if (v === undefined || v === 'error') return 'error';
  if (v === 'skip') return 'skip';
  throw new Error(`onBadLine must be 'error' or 'skip', got ${JSON.stringify(v)}`);
}
