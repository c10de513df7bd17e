/**
 * Splits text into lines (`\n` or `\r\n`); a trailing newline does not produce an extra empty line.
 * Line `k` of the file is element `k - 1`.
 */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/** Parses a finite number (integer or decimal, optional exponent); `null` if `s` is not one. */
export function parseNumber(s: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/**
 * Parses a timestamp: numeric unix seconds, or (when `allowDates`) an ISO-8601 date/time string
 * converted to unix seconds. Returns `null` when `s` is neither.
 */
export function parseTimestamp(s: string, allowDates: boolean): number | null {
  const n = parseNumber(s);
  if (n !== null) return n;
  if (!allowDates || !/^\d{4}-\d{2}-\d{2}/.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** Shortens a raw value for an error message. */
export function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}
