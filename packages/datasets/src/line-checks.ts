import { clip } from './text-lines';

/** Longest raw user / item id accepted, in characters; a longer token is a malformed field. */
export const MAX_ID_LENGTH = 256;

/** A malformed field or line found by a check: what to pass to `SkipCollector.bad`. */
export interface LineProblem {
  /** Short reason for the skip histogram, e.g. `'id too long'`. */
  reason: string;
  /** The offending field (`'field 2 (item)'`) or `null` for the whole line. */
  field: string | null;
  /** The message after `file:line: `. */
  detail: string;
}

/** Any Unicode control character (category Cc) except tab. */
const CONTROL = /[^\P{Cc}\t]/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Checks a whole line for control characters other than tab (a vertical tab, a form feed or a lone
 * carriage return would otherwise act as a separator or hide inside an id). Returns the problem with
 * the 1-based character column, or `null`.
 */
export function controlCharProblem(line: string): LineProblem | null {
  const m = CONTROL.exec(line);
  if (!m) return null;
  const cr = m[0] === '\r' ? ' (carriage return: lines must end with LF or CRLF, not a lone CR)' : '';
  return {
    reason: 'control character',
    field: null,
    detail: `control character ${codePoint(m[0])} at column ${m.index + 1}${cr}; only tab may appear between fields`,
  };
}

/**
 * Checks one raw id (`field` names it, e.g. `'field 2 (item)'`): at most {@link MAX_ID_LENGTH}
 * characters and no control character other than tab. Returns the problem, or `null` when valid.
 */
export function idProblem(token: string, field: string): LineProblem | null {
  if (token.length > MAX_ID_LENGTH) {
    return { reason: 'id too long', field, detail: `${field} is ${token.length} characters long; ids are at most ${MAX_ID_LENGTH}` };
  }
  const m = CONTROL.exec(token);
  if (m) {
    return {
      reason: 'control character', field,
      detail: `${field} ${JSON.stringify(clip(token))} contains control character ${codePoint(m[0])}; ids may not contain control characters`,
    };
  }
  return null;
}
