import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDirWithFallback } from './atomic-write';
import { assembleCheckpoint } from './checkpoint-assemble';
import { CHECKPOINT_VERSIONS, parseCheckpointManifest } from './checkpoint-manifest';
import type { CheckpointManifest, LoadedCheckpoint } from './checkpoint-types';
import { readCheckpointFile } from './checkpoint-verify';

/**
 * Loads a checkpoint directory written by {@link saveCheckpoint} (or its `.old-` copy when a save was
 * killed between its renames). Format version 3 checks the size and SHA-256 of every file its manifest
 * lists; all versions check the manifest's keys and that the binary files match its tables. Loading
 * while another process replaces the directory retries on the new copy.
 * @throws Error starting with the path of the file at fault, saying what is wrong and what to do
 */
export function loadCheckpoint(dir: string): LoadedCheckpoint {
  for (let attempt = 1; ; attempt++) {
    const seen = { text: null as string | null };
    try {
      return loadOnce(dir, seen);
    } catch (e) {
      // a writer replaced the directory while it was being read: load the new complete copy
      const now = attempt < 3 ? manifestText(dir) : null;
      if (now === null || now === seen.text) throw e;
    }
  }
}

function loadOnce(dir: string, seen: { text: string | null }): LoadedCheckpoint {
  const real = resolveDirWithFallback(dir);
  if (!real) throw new Error(`${join(dir, 'checkpoint.json')}: checkpoint directory ${dir} not found (expected checkpoint.json and weights.bin in it)`);
  const file = join(real, 'checkpoint.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot be read (${(e as Error).message}); is ${dir} a checkpoint directory?`);
  }
  seen.text = text;
  const manifest = parseCheckpointManifest(text, file, CHECKPOINT_VERSIONS) as unknown as CheckpointManifest;
  const files = manifest.version === 3 ? manifest.files! : null;
  const read = (name: string) => readCheckpointFile(real, name, files?.[name]);
  // every listed file is verified, also those other readers open later (item-ids.json for serving)
  const buffers = new Map<string, Buffer>();
  for (const name of Object.keys(files ?? {})) buffers.set(name, read(name));
  return assembleCheckpoint(manifest, real, { bytes: (name) => buffers.get(name) ?? read(name), path: (name) => join(real, name) });
}

function manifestText(dir: string): string | null {
  const real = resolveDirWithFallback(dir);
  try {
    return real ? readFileSync(join(real, 'checkpoint.json'), 'utf8') : null;
  } catch {
    return null;
  }
}
