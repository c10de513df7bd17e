/**
 * JSON files of sampled evaluation negatives, so every model of a comparison is ranked against
 * exactly the same candidates (Node only: `@clrec/metrics/node`). Writes are atomic (temp file +
 * rename): a crash never leaves a half-written file that a later run would silently use.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { evalNegativesToJson, parseEvalNegativesWith } from './eval-negatives-json';
import type { EvalNegatives } from './sample-eval-negatives';

/**
 * Writes `data` to `path` as JSON ({@link evalNegativesToJson}), creating the parent directory.
 * Atomic: the JSON goes to a temporary file in the same directory, which is then renamed over `path`.
 *
 * @param path - destination file.
 * @param data - result of `sampleEvalNegatives`.
 */
export async function saveEvalNegatives(path: string, data: EvalNegatives): Promise<void> {
  const json = evalNegativesToJson(data);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    await writeFile(tmp, json, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Reads and validates a file written by {@link saveEvalNegatives} (the checks of
 * `parseEvalNegatives`).
 *
 * @param path - file to read.
 * @returns the negatives, as `Int32Array`s.
 * @throws Error with a message naming `path` and the first problem found.
 */
export async function loadEvalNegatives(path: string): Promise<EvalNegatives> {
  const text = await readFile(path, 'utf8');
  return parseEvalNegativesWith(text, (why) => {
    throw new Error(`loadEvalNegatives: ${path}: ${why}`);
  });
}
