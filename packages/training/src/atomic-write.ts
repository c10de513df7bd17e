import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { removeStaleTemps, tempName } from './stale-temp';

/**
 * Writes a file atomically: the bytes go to a temporary sibling `.tmp-<name>-<pid>` first (flushed to
 * disk), which is then renamed over the target, so a crash never leaves a half-written file behind.
 * Temporaries that killed writers left beside it are removed first (see {@link removeStaleTemps}).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir, basename(path));
  const tmp = join(dir, tempName(basename(path)));
  try {
    writeDurable(tmp, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Replaces a whole directory atomically for readers: `fill` writes into a fresh temporary directory
 * `.tmp-<name>-<pid>`, which then takes the target's place (the previous version is moved aside to
 * `.old-<name>` first and deleted last). A kill at any moment leaves a complete copy: the target, or,
 * between the two renames, `.old-<name>`, which {@link resolveDirWithFallback} finds and the next
 * replacement moves back before doing anything else. Temporaries of dead writers (and of this
 * process's earlier failed attempt) are removed; a live writer's are kept. One writer per target.
 */
export function replaceDirAtomic(path: string, fill: (tmpDir: string) => void): void {
  const parent = dirname(path);
  const name = basename(path);
  mkdirSync(parent, { recursive: true });
  removeStaleTemps(parent, name);
  const old = join(parent, `.old-${name}`);
  // an earlier replacement died between its renames: the complete previous copy goes back first,
  // so deleting a leftover `.old-` below can never destroy the only complete copy
  if (!existsSync(path) && existsSync(old)) renameSync(old, path);
  const tmp = join(parent, tempName(name));
  mkdirSync(tmp);
  try {
    fill(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  syncDir(tmp);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(path)) renameSync(path, old);
  renameSync(tmp, path);
  syncDir(parent);
  rmSync(old, { recursive: true, force: true });
}

/** The directory, or its moved-aside previous version when a replacement was interrupted; null if neither exists. */
export function resolveDirWithFallback(path: string): string | null {
  if (existsSync(path)) return path;
  const old = join(dirname(path), `.old-${basename(path)}`);
  return existsSync(old) ? old : null;
}

function writeDurable(path: string, data: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    let off = 0;
    while (off < data.byteLength) off += writeSync(fd, data, off, data.byteLength - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a directory's entries (renames) to disk where the platform allows it (not on Windows). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // directories cannot be opened or synced here: the renames are still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
