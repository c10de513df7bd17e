import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Size and SHA-256 (hex) of one file of a checkpoint, as recorded in `checkpoint.json` (format version 3). */
export interface CheckpointFileEntry {
  bytes: number;
  sha256: string;
}

/** What a load error suggests doing instead. */
export const CHECKPOINT_ADVICE = 'load the run\'s other checkpoint (checkpoints/best or checkpoints/last), or retrain / resume (--resume) from a checkpoint that loads';

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
    if (err.code === 'ENOENT') {
      const listed = entry ? `checkpoint.json lists it (${entry.bytes} bytes) but ` : '';
      throw new Error(`${path}: missing file: ${listed}the file is not there; the checkpoint is incomplete. To recover, ${CHECKPOINT_ADVICE}`);
    }
    throw new Error(`${path}: cannot be read (${err.message}). To recover, ${CHECKPOINT_ADVICE}`);
  }
  if (!entry) return buf;
  if (buf.byteLength !== entry.bytes) {
    const what = buf.byteLength === 0 ? 'empty (0 bytes)' : buf.byteLength < entry.bytes ? `truncated: ${buf.byteLength} bytes` : `wrong size: ${buf.byteLength} bytes`;
    throw new Error(`${path}: ${what}, but checkpoint.json recorded ${entry.bytes} (size mismatch: an interrupted copy, a full disk, or another writer). To recover, ${CHECKPOINT_ADVICE}`);
  }
  const sha = createHash('sha256').update(buf).digest('hex');
  if (sha !== entry.sha256) {
    throw new Error(`${path}: corrupted: SHA-256 ${sha} differs from ${entry.sha256} recorded in checkpoint.json (same size, different bytes). To recover, ${CHECKPOINT_ADVICE}`);
  }
  return buf;
}

/**
 * Float32 values of a checkpoint's binary file, checked against the number of values its manifest's
 * table needs (catches an empty or truncated file in every format version).
 * @throws Error starting with the file's path when the size does not match
 */
export function float32File(path: string, buf: Buffer, needed: number, table: string): Float32Array {
  if (buf.byteLength !== needed * 4) {
    const what = buf.byteLength === 0 ? 'empty (0 bytes)' : buf.byteLength < needed * 4 ? `truncated: ${buf.byteLength} bytes` : `too long: ${buf.byteLength} bytes`;
    throw new Error(`${path}: ${what}, but the ${table} table of checkpoint.json needs ${needed * 4} (${needed} float32 values). To recover, ${CHECKPOINT_ADVICE}`);
  }
  // a file read whole owns its memory: view it in place (no second copy of ~100 MB of weights)
  if (buf.byteOffset === 0 && buf.buffer.byteLength === buf.byteLength) return new Float32Array(buf.buffer, 0, needed);
  const out = new Float32Array(needed);
  new Uint8Array(out.buffer).set(buf);
  return out;
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
  const wanted = names ? new Set(names) : null;
  const bad: string[] = [];
  for (const p of ck.manifest.params) {
    if (wanted && !wanted.has(p.name)) continue;
    const n = p.shape.reduce((a, b) => a * b, 1);
    const values = ck.weights.subarray(p.offset, p.offset + n);
    let count = 0;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) count++;
    if (count) bad.push(`"${p.name}" has ${count} non-finite value${count === 1 ? '' : 's'} (NaN or ±Infinity) of ${n}`);
  }
  if (bad.length) {
    throw new Error(`${join(ck.dir, 'weights.bin')}: parameter ${bad.join('; parameter ')}. The model had diverged when this checkpoint was saved: use the last good checkpoint (checkpoints/best, or an earlier copy of checkpoints/last), or retrain with a lower --learning-rate`);
  }
}
