import type { CheckpointFileEntry } from './checkpoint-types';

/**
 * The checks every checkpoint reader runs on the bytes of a checkpoint's files, whether they come
 * from a directory (`loadCheckpoint`, Node) or from memory (`parseCheckpoint`, any runtime). Each
 * takes the path (or label) of the file it names in its error, so both readers word errors alike.
 */

/** What a load error suggests doing instead. */
export const CHECKPOINT_ADVICE = 'load the run\'s other checkpoint (checkpoints/best or checkpoints/last), or retrain / resume (--resume) from a checkpoint that loads';

/** The error for a file the checkpoint needs (and, with `entry`, its manifest lists) that is not there. */
export function missingFileError(path: string, entry?: CheckpointFileEntry): Error {
  const listed = entry ? `checkpoint.json lists it (${entry.bytes} bytes) but ` : '';
  return new Error(`${path}: missing file: ${listed}the file is not there; the checkpoint is incomplete. To recover, ${CHECKPOINT_ADVICE}`);
}

/**
 * Checks a file's size against its manifest entry (format version 3).
 * @throws Error starting with `path`: empty, truncated or of another size
 */
export function assertFileSize(path: string, byteLength: number, entry: CheckpointFileEntry): void {
  if (byteLength === entry.bytes) return;
  const what = byteLength === 0 ? 'empty (0 bytes)' : byteLength < entry.bytes ? `truncated: ${byteLength} bytes` : `wrong size: ${byteLength} bytes`;
  throw new Error(`${path}: ${what}, but checkpoint.json recorded ${entry.bytes} (size mismatch: an interrupted copy, a full disk, or another writer). To recover, ${CHECKPOINT_ADVICE}`);
}

/**
 * Checks a file's SHA-256 (hex) against its manifest entry (format version 3); call after {@link assertFileSize}.
 * @throws Error starting with `path` when the digests differ (same size, different bytes)
 */
export function assertFileDigest(path: string, sha256: string, entry: CheckpointFileEntry): void {
  if (sha256 !== entry.sha256) {
    throw new Error(`${path}: corrupted: SHA-256 ${sha256} differs from ${entry.sha256} recorded in checkpoint.json (same size, different bytes). To recover, ${CHECKPOINT_ADVICE}`);
  }
}

/**
 * Float32 values of a checkpoint's binary file, checked against the number of values its manifest's
 * table needs (catches an empty or truncated file in every format version).
 * @throws Error starting with the file's path when the size does not match
 */
export function float32File(path: string, buf: Uint8Array, needed: number, table: string): Float32Array {
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
 * Throws when a parameter of `manifest.params` has NaN or ±Infinity values in `weights` (a
 * diverged model that would rank by garbage). Checks the parameters named in `names`, or all of them.
 * @param weightsPath the path (or label) of `weights.bin`, which the error starts with
 * @throws Error naming each bad parameter and how many values are bad
 */
export function assertFiniteWeights(
  weightsPath: string,
  manifest: { params: { name: string; shape: number[]; offset: number }[] },
  weights: Float32Array,
  names?: Iterable<string>,
): void {
  const wanted = names ? new Set(names) : null;
  const bad: string[] = [];
  for (const p of manifest.params) {
    if (wanted && !wanted.has(p.name)) continue;
    const n = p.shape.reduce((a, b) => a * b, 1);
    const values = weights.subarray(p.offset, p.offset + n);
    let count = 0;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) count++;
    if (count) bad.push(`"${p.name}" has ${count} non-finite value${count === 1 ? '' : 's'} (NaN or ±Infinity) of ${n}`);
  }
  if (bad.length) {
    throw new Error(`${weightsPath}: parameter ${bad.join('; parameter ')}. The model had diverged when this checkpoint was saved: use the last good checkpoint (checkpoints/best, or an earlier copy of checkpoints/last), or retrain with a lower --learning-rate`);
  }
}
