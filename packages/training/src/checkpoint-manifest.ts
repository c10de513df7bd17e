import { CHECKPOINT_ADVICE } from './checkpoint-checks';

/** The checkpoint format versions this build reads; it writes the last one. */
export const CHECKPOINT_VERSIONS = [1, 2, 3] as const;

/** One row of a manifest's parameter or optimizer-slot table. */
interface TableRow {
  name: string;
  shape: number[];
  offset: number;
}

/**
 * Parses the text of a `checkpoint.json` and checks every key the loader relies on: format, version
 * (one of `versions`), dataset facts, training state, the parameter and optimizer tables, the `files`
 * map (version 3), and that the model can be rebuilt (`model` or `config`).
 * @throws Error starting with `file` (the manifest's path), saying which key is missing or malformed
 */
export function parseCheckpointManifest(text: string, file: string, versions: readonly number[]): Record<string, unknown> {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}. To recover, ${CHECKPOINT_ADVICE}`);
  };
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    return fail(text.trim() ? `not valid JSON (${(e as Error).message}); the manifest is damaged` : 'empty; the manifest was never completely written');
  }
  if (!isObject(m)) return fail('is not a JSON object');
  if (m.format !== 'clrec-checkpoint') {
    throw new Error(`${file}: not a CLRec checkpoint (no "format": "clrec-checkpoint")`);
  }
  if (!versions.includes(m.version as number)) {
    throw new Error(`${file}: format version ${JSON.stringify(m.version)} is not supported; this build reads versions ${versions.slice(0, -1).join(', ')} and ${versions[versions.length - 1]} (a newer @clrec/training wrote it? upgrade)`);
  }
  if (!isObject(m.dataset) || typeof m.dataset.numItems !== 'number') fail('missing "dataset" (with "numItems"), the facts of the data it was trained on');
  if (!isObject(m.state)) fail('missing "state" (the training state)');
  if (!Array.isArray(m.params) || !m.params.every(isRow)) fail('missing or malformed "params" (the parameter table: name, shape, offset of each)');
  if (m.optimizer != null) {
    const o = m.optimizer;
    if (!isObject(o) || typeof o.step !== 'number' || !Array.isArray(o.slots) || !o.slots.every(isRow)) fail('malformed "optimizer" (step and the slot table)');
  }
  if (m.version === 3) {
    const files = m.files;
    if (!isObject(files)) return fail('missing "files" (sizes and SHA-256 of the other files, format version 3)');
    for (const [name, e] of Object.entries(files)) {
      if (!/^[\w.-]+$/.test(name) || name.startsWith('..')) fail(`"files" names "${name}", not a file of the checkpoint directory`);
      if (!isObject(e) || !Number.isInteger(e.bytes) || typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) fail(`malformed "files" entry for "${name}" (need bytes and sha256)`);
    }
    if (!files['weights.bin']) fail('"files" does not list weights.bin');
    if (m.optimizer != null && !files['optimizer.bin']) fail('"files" does not list optimizer.bin though "optimizer" is set');
  }
  if (!m.model && !m.config) fail('has neither "model" (the model options) nor "config" (the recipe); it cannot be rebuilt');
  return m;
}

/** Number of float32 values a table addresses (largest offset + size; `perRow` values per element, 2 for Adam's m and v). */
export function tableLength(rows: TableRow[], perRow = 1): number {
  let n = 0;
  for (const r of rows) n = Math.max(n, r.offset + perRow * r.shape.reduce((a, b) => a * b, 1));
  return n;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRow(v: unknown): v is TableRow {
  return isObject(v) && typeof v.name === 'string' && Number.isInteger(v.offset) && (v.offset as number) >= 0
    && Array.isArray(v.shape) && v.shape.every((d) => Number.isInteger(d) && d >= 0);
}
