import { DatasetError } from './errors';

/**
 * Text encoding of an input file: `'utf8'` (the default) is decoded strictly — an invalid byte is
 * an error, never a silent U+FFFD that would merge distinct ids — and `'latin1'` (ISO-8859-1) maps
 * every byte to one character, so it never fails.
 */
export type FileEncoding = 'utf8' | 'latin1';

/** Validates the `encoding` option (`undefined` means `fallback`). */
export function fileEncoding(v: unknown, fallback: FileEncoding = 'utf8'): FileEncoding {
  if (v === undefined) return fallback;
  if (v === 'utf8' || v === 'latin1') return v;
  throw new Error(`encoding must be 'utf8' or 'latin1', got ${JSON.stringify(v)}`);
}

/** Strict decoder; `ignoreBOM: false` drops a leading UTF-8 byte-order mark. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** 1-based line and 1-based byte column of byte `offset` in `buf`. */
function lineAndColumn(buf: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = buf.indexOf(10); k >= 0 && k < offset; k = buf.indexOf(10, k + 1)) {
    line++;
    start = k + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence (a stray continuation byte, an
 * overlong form, a surrogate, a code point above U+10FFFF or a sequence cut short), or -1.
 */
export function firstInvalidUtf8(buf: Uint8Array): number {
  const n = buf.length;
  let k = 0;
  while (k < n) {
    const b = buf[k];
    if (b < 0x80) {
      k++;
      continue;
    }
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return k;
    if (k + len > n || buf[k + 1] < lo || buf[k + 1] > hi) return k;
    for (let j = 2; j < len; j++) if (buf[k + j] < 0x80 || buf[k + j] > 0xbf) return k;
    k += len;
  }
  return -1;
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Decodes a file's bytes. A NUL byte anywhere means binary data (or UTF-16) and throws
 * `file:line: binary data (NUL byte at column N); expected <what>` whatever the encoding. With
 * `'utf8'` an invalid byte throws `file:line: not valid UTF-8 (byte 0xE9 at column N); ...` with the
 * way to declare another encoding; a leading UTF-8 byte-order mark is dropped. Columns are 1-based
 * byte offsets within the line.
 */
export function decodeText(buf: Buffer, path: string, what: string, encoding: FileEncoding): string {
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const { line, column } = lineAndColumn(buf, nul);
    const utf16 = (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)
      ? '; the file starts with a UTF-16 byte-order mark: save it as UTF-8' : '';
    throw new DatasetError(path, line, null, `binary data (NUL byte at column ${column}${utf16}); expected ${what}`);
  }
  if (encoding === 'latin1') return buf.toString('latin1');
  try {
    return UTF8.decode(buf);
  } catch {
    const bad = firstInvalidUtf8(buf);
    const { line, column } = lineAndColumn(buf, Math.max(bad, 0));
    const byte = bad >= 0 ? `byte ${hex(buf[bad])} at column ${column}` : 'an undecodable byte';
    throw new DatasetError(path, bad >= 0 ? line : null, null,
      `not valid UTF-8 (${byte}); expected ${what}. If the file is Latin-1 (ISO-8859-1), declare it with `
      + `encoding: 'latin1' (CLI: --encoding latin1); otherwise convert it to UTF-8 (e.g. iconv -f <encoding> -t UTF-8)`);
  }
}
