import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertFileDigest, assertFileSize, assertFiniteWeights, CHECKPOINT_ADVICE, missingFileError } from './checkpoint-checks';
import type { CheckpointFileEntry } from './checkpoint-types';

export type { CheckpointFileEntry };
export { CHECKPOINT_ADVICE, float32File } from './checkpoint-checks';

/** The {@link CheckpointFileEntry} of some bytes about to be written. */
export function checkpointFileEntry(data: Uint8Array): CheckpointFileEntry {
  return { bytes: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') };
}

/**
 * Reads one file of the checkpoint in `dir`; with `entry` (format version 3) checks its size and
 * SHA-256 against it.
 * @throws Error starting with the file's path: missing, truncated (size differs) or corrupted (digest differs)
 */
export function readCheckpointFile(dir: string, name: string, entry?: CheckpointFileEntry): Buffer {
  const path = join(dir, name);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw missingFileError(path, entry);
    throw new Error(`${path}: cannot be read (${err.message}). To recover, ${CHECKPOINT_ADVICE}`);
  }
  if (!entry) return buf;
  assertFileSize(path, buf.byteLength, entry);
  assertFileDigest(path, createHash('sha256').update(buf).digest('hex'), entry);
  return buf;
}

/**
 * Throws when a parameter the checkpoint holds has NaN or ±Infinity values (a diverged model that
 * would rank by garbage). Checks the parameters named in `names`, or all of them. Shared by
 * evaluation, serving and resuming ({@link restoreParams} calls it).
 * @throws Error starting with `<dir>/weights.bin`, naming each bad parameter and how many values are bad
 */
export function assertFiniteParams(
  ck: { dir: string; manifest: { params: { name: string; shape: number[]; offset: number }[] }; weights: Float32Array },
  names?: Iterable<string>,
): void {
  assertFiniteWeights(join(ck.dir, 'weights.bin'), ck.manifest, ck.weights, names);
}
