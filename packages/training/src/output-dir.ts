import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config-error';

/**
 * Checks before any work that a run can write its outputs to `out`: an existing path must be a
 * writable directory; a missing one must be creatable (its nearest existing ancestor a writable
 * directory). Nothing is created: a run that fails later leaves no empty folder behind.
 * @param flag the option named in errors (default `--out`)
 * @throws ConfigError naming the path and what is wrong with it
 */
export function checkOutputDir(out: string, flag = '--out'): void {
  let path = resolve(out);
  let missing = false;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      const up = dirname(path);
      if (up === path) throw new ConfigError(`${flag} ${out}: no existing folder above it`);
      path = up;
      missing = true;
      continue;
    }
    const where = missing ? `cannot be created: ${path}` : 'it';
    if (!isDir) throw new ConfigError(`${flag} ${out}: ${where} is a file, not a directory; give a directory for the run's outputs`);
    try {
      accessSync(path, constants.W_OK | constants.X_OK);
    } catch {
      throw new ConfigError(`${flag} ${out}: ${where} is not writable (permission denied); choose another ${flag}`);
    }
    return;
  }
}
