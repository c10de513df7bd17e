import { describe, expect, it } from 'vitest';
import { controlCharProblem, idProblem, MAX_ID_LENGTH } from './line-checks';

describe('idProblem / controlCharProblem', () => {
  it('accepts ids up to MAX_ID_LENGTH characters and rejects longer ones', () => {
    expect(MAX_ID_LENGTH).toBe(256);
    expect(idProblem('x'.repeat(256), 'field 2 (item)')).toBeNull();
    expect(idProblem('x'.repeat(300), 'field 2 (item)')).toEqual({
      reason: 'id too long', field: 'field 2 (item)', detail: 'field 2 (item) is 300 characters long; ids are at most 256',
    });
  });

  it('rejects control characters other than tab, with the code point and column', () => {
    expect(idProblem('a\tb', 'field 1 (user)')).toBeNull();
    expect(idProblem('a\u0007b', 'field 1 (user)')!.detail).toBe('field 1 (user) "a\\u0007b" contains control character U+0007; ids may not contain control characters');
    expect(controlCharProblem('u1\ti1 i2')).toBeNull();
    expect(controlCharProblem('u1 i1\u000bi2')!.detail).toBe('control character U+000B at column 6; only tab may appear between fields');
    expect(controlCharProblem('u1 i1\ru2 i2')!.detail).toContain('U+000D at column 6 (carriage return: lines must end with LF or CRLF, not a lone CR)');
    expect(controlCharProblem('caf\u0085')!.reason).toBe('control character'); // C1 control (latin-1 byte 0x85)
  });
});
