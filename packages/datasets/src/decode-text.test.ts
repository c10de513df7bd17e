import { describe, expect, it } from 'vitest';
import { decodeText, fileEncoding, firstInvalidUtf8 } from './decode-text';
import { readTextFile } from './text-file';
import { datasetErrorAt, fixtureWriter, noiseBytes } from './test-fixtures';

const { fixture } = fixtureWriter('clrec-decode-');
const WHAT = 'a test file';
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeText / readTextFile', () => {
  it('decodes valid UTF-8 and drops a leading byte-order mark', () => {
    expect(readTextFile(fixture('ok.txt', bytes([0xef, 0xbb, 0xbf], 'u1 café €\n')), WHAT)).toBe('u1 café €\n');
    expect(decodeText(Buffer.alloc(0), 'empty', WHAT, 'utf8')).toBe('');
  });

  it('names the line and byte column of the first invalid UTF-8 byte and how to declare an encoding', () => {
    const p = fixture('latin.txt', bytes('u0 a\nu1 i', [0xe9], ' x\nu2 i', [0xe8], '\n'));
    const e = datasetErrorAt(() => readTextFile(p, WHAT), `${p}:2: `);
    expect(e.message).toBe(`${p}:2: not valid UTF-8 (byte 0xE9 at column 5); expected a test file. If the file is Latin-1 `
      + `(ISO-8859-1), declare it with encoding: 'latin1' (CLI: --encoding latin1); otherwise convert it to UTF-8 (e.g. iconv -f <encoding> -t UTF-8)`);
    expect(e.line).toBe(2);
    expect(readTextFile(p, WHAT, 'latin1')).toBe('u0 a\nu1 i\u00e9 x\nu2 i\u00e8\n');
  });

  it('rejects a NUL byte as binary data in either encoding, before UTF-8 validation', () => {
    const noise = noiseBytes(3000, 7).map((b) => (b === 0 ? 1 : b));
    noise.fill(0x41, 0, 40);
    noise[10] = 10;
    noise[20] = 10; // line 3 starts at byte 21
    noise[25] = 0;
    const p = fixture('noise.bin', noise);
    for (const enc of ['utf8', 'latin1'] as const) {
      const e = datasetErrorAt(() => readTextFile(p, WHAT, enc), `${p}:3: `);
      expect(e.message).toBe(`${p}:3: binary data (NUL byte at column 5); expected a test file`);
    }
    const utf16 = fixture('utf16.txt', Buffer.from('\ufeffu1 i1\n', 'utf16le'));
    expect(datasetErrorAt(() => readTextFile(utf16, WHAT), `${utf16}:1: `).message)
      .toContain('binary data (NUL byte at column 4; the file starts with a UTF-16 byte-order mark: save it as UTF-8)');
  });

  it('rejects random bytes without NUL as invalid UTF-8', () => {
    const p = fixture('noise2.bin', noiseBytes(5000, 3).map((b) => (b === 0 ? 1 : b)));
    expect(datasetErrorAt(() => readTextFile(p, WHAT), `${p}:`).message).toMatch(/^[^\n]*:\d+: not valid UTF-8 \(byte 0x[0-9A-F]{2} at column \d+\)/);
  });
});

describe('firstInvalidUtf8', () => {
  it('accepts well-formed sequences and finds the first ill-formed one', () => {
    expect(firstInvalidUtf8(bytes('a é € 𝄞 \u{10ffff}'))).toBe(-1);
    expect(firstInvalidUtf8(bytes('ab', [0xc0, 0x80]))).toBe(2); // overlong
    expect(firstInvalidUtf8(bytes('a', [0xed, 0xa0, 0x80]))).toBe(1); // surrogate
    expect(firstInvalidUtf8(bytes('a', [0xf4, 0x90, 0x80, 0x80]))).toBe(1); // > U+10FFFF
    expect(firstInvalidUtf8(bytes('abc', [0xe2, 0x82]))).toBe(3); // cut short at the end
    expect(firstInvalidUtf8(bytes('é', [0x80]))).toBe(2); // stray continuation byte
    expect(firstInvalidUtf8(bytes([0xf5, 0x80, 0x80, 0x80]))).toBe(0);
  });
});

describe('fileEncoding', () => {
  it('accepts utf8 and latin1 only', () => {
    expect([fileEncoding(undefined), fileEncoding(undefined, 'latin1'), fileEncoding('latin1')]).toEqual(['utf8', 'latin1', 'latin1']);
    expect(() => fileEncoding('utf-16')).toThrow(`encoding must be 'utf8' or 'latin1', got "utf-16"`);
  });
});
