import { DatasetError, formatReasons } from './errors';
import { splitLines } from './text-lines';
import type { SequenceDataset, SkipReport } from './types';

/**
 * The error for a load that kept nothing: `file: no interactions: N lines read, M skipped
 * ("reason" k, ...)`, followed by the load's notes (e.g. a `minRating` filter) and, when given,
 * `; expected <what>`.
 */
export function noInteractionsError(file: string, linesRead: number, skipped: SkipReport, notes: string[] = [], what?: string): DatasetError {
  const why = linesRead === 0 ? ' (the file is empty)' : skipped.count > 0 ? ` (${formatReasons(skipped)})` : '';
  const lines = `${linesRead} line${linesRead === 1 ? '' : 's'} read`;
  const tail = [...notes, ...(what !== undefined ? [`expected ${what}`] : [])].map((x) => `; ${x}`).join('');
  return new DatasetError(file, null, null, `no interactions: ${lines}, ${skipped.count} skipped${why}${tail}`);
}

/**
 * Fails a load that kept no interaction (an empty or whitespace-only file, or one whose every line
 * was skipped) with {@link noInteractionsError} naming `ds.report.file`, instead of handing an empty
 * dataset to a model. Returns `ds` unchanged otherwise. Used by every loader and by `loadDataset`.
 */
export function requireInteractions(ds: SequenceDataset, what?: string): SequenceDataset {
  const r = ds.report;
  if (r.interactions > 0 && ds.numItems > 0 && ds.numUsers > 0) return ds;
  throw noInteractionsError(r.file, r.linesRead, r.skipped, r.notes, what);
}

/**
 * Throws {@link noInteractionsError} when `text` is empty or only whitespace (for parsers that need
 * a header row first, such as CSV); every line then counts as an `'empty line'` skip.
 */
export function requireText(file: string, text: string, what: string): void {
  if (/\S/.test(text)) return;
  const n = splitLines(text).length;
  throw noInteractionsError(file, n, { count: n, reasons: n > 0 ? { 'empty line': n } : {}, examples: [] }, [], what);
}
