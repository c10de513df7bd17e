/** Column alignment of {@link formatMarkdownTable}. */
export type Align = 'left' | 'right';

/**
 * Formats rows as a GitHub Markdown table, padding cells so the raw text lines up too (it is also
 * what the CLI prints). `align` defaults to left for the first column and right for the others.
 */
export function formatMarkdownTable(headers: string[], rows: string[][], align?: Align[]): string {
  const n = headers.length;
  for (const [i, r] of rows.entries()) {
    if (r.length !== n) throw new Error(`formatMarkdownTable: row ${i} has ${r.length} cells, expected ${n}`);
  }
  const al = align ?? headers.map((_, i) => (i === 0 ? 'left' : 'right'));
  const width = headers.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c].length)));
  const pad = (s: string, c: number) => (al[c] === 'right' ? s.padStart(width[c]) : s.padEnd(width[c]));
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `|${width.map((w, c) => (al[c] === 'right' ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** A number with thousands separators and `digits` decimals, or `n/a` when missing. */
export function formatNumber(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
