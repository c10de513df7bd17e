/**
 * Metric tables for humans: an aligned plain-text table for the terminal and a Markdown table for
 * reports. Rows are runs/splits/models, columns are metric names.
 */

/** Options for {@link formatMetricsTable} and {@link formatMarkdownTable}. */
export interface TableOptions {
  /** Digits after the decimal point for metric values. Default 4. */
  digits?: number;
  /** Header of the row-label column. Default `''` (blank). */
  label?: string;
  /**
   * Columns printed as plain integers when their value is an integer (counts, epochs).
   * Default `['count']`.
   */
  integerColumns?: readonly string[];
}

/** Metric records keyed by row label (e.g. `'valid'`, `'test'`, or a model name). */
export type MetricRows = Record<string, Record<string, number>>;

/** Header cells and body cells (already formatted strings) shared by both formats. */
interface Cells {
  header: string[];
  body: string[][];
}

/** Formats one value: `-` when missing, fixed digits otherwise (integers in integer columns). */
function formatValue(v: number | undefined, integer: boolean, digits: number): string {
  if (v === undefined) return '-';
  if (Number.isNaN(v)) return 'NaN';
  if (integer && Number.isInteger(v)) return String(v);
  return v.toFixed(digits);
}

/** Builds the cell grid: columns are metric names in first-seen order over the rows. */
function buildCells(rows: MetricRows, opts: TableOptions): Cells {
  const digits = opts.digits ?? 4;
  if (!Number.isInteger(digits) || digits < 0 || digits > 100) {
    throw new RangeError(`formatMetricsTable: digits must be an integer in [0, 100], got ${digits}`);
  }
  const integerColumns = new Set(opts.integerColumns ?? ['count']);
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const rec of Object.values(rows)) {
    for (const key of Object.keys(rec)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const body = Object.entries(rows).map(([label, rec]) => [
    label,
    ...columns.map((c) =>
      formatValue(Object.prototype.hasOwnProperty.call(rec, c) ? rec[c] : undefined, integerColumns.has(c), digits),
    ),
  ]);
  return { header: [opts.label ?? '', ...columns], body };
}

/** Width of each column: the longest cell in it. */
function columnWidths(cells: Cells, min = 0): number[] {
  return cells.header.map((h, j) => Math.max(min, h.length, ...cells.body.map((row) => row[j].length)));
}

/** Pads a cell: the label column (0) left-aligned, metric columns right-aligned. */
function pad(cell: string, j: number, width: number): string {
  return j === 0 ? cell.padEnd(width) : cell.padStart(width);
}

/**
 * Plain-text table for the terminal: a header line, a dashed rule, one line per row.
 * The label column is left-aligned, metric columns right-aligned, columns separated by two spaces,
 * no trailing whitespace. Missing values print as `-`.
 *
 * @example
 * ```text
 *          HR@5  NDCG@5  count
 * -----  ------  ------  -----
 * valid  0.5000  0.3155      4
 * ```
 *
 * @param rows - metric record per row label; columns are metric names in first-seen order.
 * @param opts - digits (default 4), label header, integer columns.
 */
export function formatMetricsTable(rows: MetricRows, opts: TableOptions = {}): string {
  const cells = buildCells(rows, opts);
  const widths = columnWidths(cells);
  const line = (row: string[]): string => row.map((c, j) => pad(c, j, widths[j])).join('  ').trimEnd();
  return [line(cells.header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.body.map(line)].join('\n');
}

/** Escapes characters that would break a Markdown table cell. */
function escapeMarkdown(cell: string): string {
  return cell.replace(/\|/g, '\\|');
}

/**
 * GitHub-flavoured Markdown table (same arguments as {@link formatMetricsTable}), with padded cells
 * so the source is readable too; metric columns are right-aligned (`---:`). `|` in labels is escaped.
 *
 * @example
 * ```text
 * |       |   HR@5 | NDCG@5 | count |
 * | :---- | -----: | -----: | ----: |
 * | valid | 0.5000 | 0.3155 |     4 |
 * ```
 */
export function formatMarkdownTable(rows: MetricRows, opts: TableOptions = {}): string {
  const raw = buildCells(rows, opts);
  const cells: Cells = { header: raw.header.map(escapeMarkdown), body: raw.body.map((r) => r.map(escapeMarkdown)) };
  const widths = columnWidths(cells, 3);
  const line = (row: string[]): string => `| ${row.map((c, j) => pad(c, j, widths[j])).join(' | ')} |`;
  const rule = `| ${widths.map((w, j) => (j === 0 ? ':' + '-'.repeat(w - 1) : '-'.repeat(w - 1) + ':')).join(' | ')} |`;
  return [line(cells.header), rule, ...cells.body.map(line)].join('\n');
}
