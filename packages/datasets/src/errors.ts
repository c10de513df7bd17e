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

/**
 * Default `maxBadLines`: with `onBadLine: 'skip'`, a load stops once more than 1% of the lines read
 * are malformed (blank lines do not count).
 */
export const DEFAULT_MAX_BAD_LINES = 0.01;

/** Maximum number of examples kept in a {@link SkipReport}. */
const MAX_EXAMPLES = 10;

/** Number of examples quoted in the "too many malformed lines" message. */
const MESSAGE_EXAMPLES = 5;

/** A skip histogram as `"reason" n, "reason" m` (most frequent first). */
export function formatReasons(report: SkipReport): string {
  return Object.entries(report.reasons).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${JSON.stringify(r)} ${n}`).join(', ');
}

/**
 * Collects skipped lines into a {@link SkipReport}. `bad()` is for malformed input (throws in
 * `'error'` mode, counts in `'skip'` mode up to the `maxBadLines` ceiling); `skip()` is for lines
 * that are always skipped but still counted (blank lines). Call {@link SkipCollector.begin} with each
 * file's line count before parsing it, so that a fractional ceiling is known up front.
 */
export class SkipCollector {
  /** The report being filled; hand it to the {@link LoadReport}. */
  readonly report: SkipReport = { count: 0, reasons: {}, examples: [] };
  /** Malformed lines recorded so far (always-skipped lines are not counted). */
  private malformed = 0;
  private linesDeclared = 0;
  private fileLines = 0;
  private ceiling: number;

  /**
   * @param mode `'error'` throws on {@link SkipCollector.bad}, `'skip'` counts.
   * @param maxBadLines ceiling on malformed lines in `'skip'` mode: a fraction in (0, 1) of the lines
   * declared through {@link SkipCollector.begin}, or an absolute count >= 1 (see {@link maxBadLinesOption}).
   */
  constructor(readonly mode: BadLineMode = 'error', readonly maxBadLines: number = DEFAULT_MAX_BAD_LINES) {
    this.ceiling = maxBadLines >= 1 ? maxBadLines : 0;
  }

  /** Declares that `lines` lines of a file are about to be parsed (a fractional ceiling grows with them). */
  begin(lines: number): void {
    this.linesDeclared += lines;
    this.fileLines = lines;
    if (this.maxBadLines < 1) this.ceiling = Math.ceil(this.maxBadLines * this.linesDeclared);
  }

  /** Records an always-skipped line under `reason` (never throws). */
  skip(file: string, line: number, reason: string, detail: string = reason): void {
    const r = this.report;
    r.count++;
    r.reasons[reason] = (r.reasons[reason] ?? 0) + 1;
    if (r.examples.length < MAX_EXAMPLES) r.examples.push(`${file}:${line}: ${detail}`);
  }

  /**
   * Reports a malformed line: throws a {@link DatasetError} in `'error'` mode, else records it — and
   * throws once the malformed lines exceed the `maxBadLines` ceiling, so that a file in the wrong
   * format (or not text at all) is not parsed to the end as mostly skipped lines.
   */
  bad(file: string, line: number, field: string | null, reason: string, detail: string): void {
    if (this.mode === 'error') throw new DatasetError(file, line, field, detail);
    this.skip(file, line, reason, detail);
    if (++this.malformed > this.ceiling) throw this.ceilingError(file, line);
  }

  private ceilingError(file: string, line: number): DatasetError {
    const m = this.maxBadLines;
    const rule = m < 1 ? ` = ${+(m * 100).toPrecision(3)}% of ${this.linesDeclared} lines, rounded up` : '';
    const examples = this.report.examples.slice(0, MESSAGE_EXAMPLES).map((x) => `\n  ${x}`).join('');
    return new DatasetError(file, null, null,
      `too many malformed lines: ${this.malformed} by line ${line} of ${this.fileLines}, more than the ${this.ceiling} `
      + `allowed (maxBadLines ${m}${rule}); stopped there. ${this.report.count} line(s) skipped so far `
      + `(${formatReasons(this.report)}); first examples:${examples}\n`
      + 'If such lines are expected, raise the ceiling with --max-bad-lines (option maxBadLines: a fraction '
      + 'such as 0.05, or a count such as 1000); otherwise check that the file is in the format it is loaded as.');
  }
}

/** Validates the `onBadLine` option (a typo would otherwise silently mean "error"). */
export function badLineMode(v: unknown): BadLineMode {
  if (v === undefined || v === 'error') return 'error';
  if (v === 'skip') return 'skip';
  throw new Error(`onBadLine must be 'error' or 'skip', got ${JSON.stringify(v)}`);
}

/**
 * Validates the `maxBadLines` option: a finite number > 0, either a fraction in (0, 1) of the lines
 * read or a whole count >= 1; `undefined` means {@link DEFAULT_MAX_BAD_LINES}.
 */
export function maxBadLinesOption(v: unknown): number {
  if (v === undefined) return DEFAULT_MAX_BAD_LINES;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (v >= 1 && !Number.isInteger(v))) {
    throw new Error(`maxBadLines must be a fraction in (0, 1) of the lines read or a whole count >= 1, got ${typeof v === 'number' ? v : JSON.stringify(v)}`);
  }
  return v;
}

/** The {@link SkipCollector} for a loader's validated `onBadLine` / `maxBadLines` options. */
export function skipCollector(opts: { onBadLine?: unknown; maxBadLines?: unknown }): SkipCollector {
  return new SkipCollector(badLineMode(opts.onBadLine), maxBadLinesOption(opts.maxBadLines));
}
