import { readFileSync, statSync } from 'node:fs';
import { decodeText, type FileEncoding } from './decode-text';
import { DatasetError } from './errors';

/**
 * Reads a whole text file, turning "not found" / "is a directory" / unreadable into a
 * {@link DatasetError} that names the path and says what was expected there (`what`, e.g.
 * `'a sequence file (one line per user: "user item item ...")'`). The bytes are decoded by
 * {@link decodeText}: binary data (a NUL byte) and, with `'utf8'`, invalid UTF-8 are errors that
 * name the line and column; a UTF-8 byte-order mark is dropped.
 */
export function readTextFile(path: string, what: string, encoding: FileEncoding = 'utf8'): string {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new DatasetError(path, null, null, `file not found; expected ${what}`);
  }
  if (!isFile) throw new DatasetError(path, null, null, `is not a regular file; expected ${what}`);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new DatasetError(path, null, null, `cannot be read (${(e as Error).message}); expected ${what}`);
  }
  return decodeText(buf, path, what, encoding);
}
