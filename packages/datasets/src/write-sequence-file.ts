import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SequenceDataset } from './types';

/**
 * Writes a dataset in the one-line-per-user sequence format (`userId item item ...`, raw ids,
 * chronological), e.g. to export the simulator for other tools; {@link loadSequenceFile} reads it
 * back. Timestamps and features are not written; users with an empty sequence are left out (the
 * format cannot hold them). Atomic: the text goes to a temporary file in the same directory that is
 * then renamed over `path`, so readers never see a half-written file. Throws if a raw id is empty
 * or contains whitespace (it could not be read back).
 */
export function writeSequenceFile(ds: SequenceDataset, path: string): void {
  const check = (id: string, what: string) => {
    if (id === '' || /\s/.test(id)) throw new Error(`writeSequenceFile: ${what} id ${JSON.stringify(id)} is empty or contains whitespace`);
    return id;
  };
  const parts: string[] = [];
  for (let u = 0; u < ds.sequences.length; u++) {
    const seq = ds.sequences[u];
    if (seq.length === 0) continue;
    const tokens = [check(ds.userIds[u], 'user')];
    for (let k = 0; k < seq.length; k++) tokens.push(check(ds.itemIds[seq[k]], 'item'));
    parts.push(tokens.join(' '));
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(tmp, parts.length > 0 ? `${parts.join('\n')}\n` : '');
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
