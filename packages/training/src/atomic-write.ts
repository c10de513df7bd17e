import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file atomically: the bytes go to a temporary sibling first, which is then renamed over the
 * target, so a crash never leaves a half-written file behind.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${basename(path)}-${process.pid}`);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Replaces a whole directory atomically enough for checkpoints: `fill` writes into a fresh temporary
 * directory, which then takes the target's place (the previous version is moved aside first and deleted
 * last). If the process dies between the two renames, {@link resolveDirWithFallback} finds the old copy.
 */
export function replaceDirAtomic(path: string, fill: (tmpDir: string) => void): void {
  const parent = dirname(path);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.tmp-${basename(path)}-${process.pid}`);
  const old = join(parent, `.old-${basename(path)}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  fill(tmp);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(path)) renameSync(path, old);
  renameSync(tmp, path);
  rmSync(old, { recursive: true, force: true });
}

/** The directory, or its moved-aside previous version when a replacement was interrupted; null if neither exists. */
export function resolveDirWithFallback(path: string): string | null {
  if (existsSync(path)) return path;
  const old = join(dirname(path), `.old-${basename(path)}`);
  return existsSync(old) ? old : null;
}
