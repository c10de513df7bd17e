import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const TEMP = /^\.tmp-(.+)-(\d+)$/;

/** The name of the temporary sibling that `process` writes before renaming it over `name`. */
export function tempName(name: string, pid: number = process.pid): string {
  return `.tmp-${name}-${pid}`;
}

/**
 * Whether a process with this id is running (signal 0 only checks): false when the kernel answers
 * ESRCH, true otherwise (EPERM means it runs under another user). A recycled pid reads as live, which
 * only keeps an orphan longer, never removes a live writer's temp.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temporaries (`.tmp-<name>-<pid>`, files or directories) that writers killed mid-save
 * left in `dir`: those of processes no longer running, and this process's own temp for `name` (left
 * by an earlier attempt that threw; writes here are synchronous, so none of ours is in progress).
 * A live process's temp is kept: it may be writing right now. Returns the paths removed.
 */
export function removeStaleTemps(dir: string, name?: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const m = TEMP.exec(entry);
    if (!m) continue;
    const pid = Number(m[2]);
    const stale = pid === process.pid ? m[1] === name : !isProcessAlive(pid);
    if (!stale) continue;
    const path = join(dir, entry);
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // another cleaner got there first, or it is not ours to remove: leave it
    }
  }
  return removed;
}
