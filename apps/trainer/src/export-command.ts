import { EXPORT_FORMATS, type ExportFormat, type ExportManifest, exportCheckpoint, parseExportFormats } from '@clrec/export/node';
import { ConfigError } from '@clrec/training/node';
import { exportToPostgres, type ExportToPostgresResult } from './export-postgres';

/** `clrec export` options after parsing. */
export interface ExportCommandOptions {
  /** A run directory (its `checkpoints/best`, else `last`) or a checkpoint directory. */
  checkpoint: string;
  /** Directory to write into; null when only `to` is given. */
  out: string | null;
  /** What to write into `out` (`onnx` = the user tower and the item vectors in every format). */
  formats: ExportFormat[];
  /** A vector database to write the item vectors into (`postgres://…`, `pglite:DIR` or a directory), or null. */
  to: string | null;
  /** Its table (default `clrec_items`). */
  table?: string;
}

/**
 * Parses `clrec export` flags (strings from commander, camelCase keys).
 * @throws ConfigError naming the flag: `--checkpoint` or `--out` missing, an unknown `--format`
 */
export function parseExportFlags(flags: Record<string, string | boolean | undefined>): ExportCommandOptions {
  if (typeof flags.checkpoint !== 'string' || flags.checkpoint === '') throw new ConfigError('--checkpoint: required (a run directory or checkpoint directory)');
  const to = typeof flags.to === 'string' && flags.to !== '' ? flags.to : null;
  const out = typeof flags.out === 'string' && flags.out !== '' ? flags.out : null;
  if (!out && !to) throw new ConfigError('--out: required (the directory to write the export into), unless --to names a vector database');
  if (flags.pgTable !== undefined && !to) throw new ConfigError('--pg-table: only with --to (the database to write the table into)');
  const format = flags.format ?? 'onnx';
  if (typeof format !== 'string') throw new ConfigError(`--format: give one or more (comma-separated) of ${EXPORT_FORMATS.join(', ')}`);
  let formats: ExportFormat[];
  try {
    formats = parseExportFormats(format);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  return { checkpoint: flags.checkpoint, out, formats, to, ...(typeof flags.pgTable === 'string' ? { table: flags.pgTable } : {}) };
}

/** What `clrec export` wrote: the export directory's manifest and/or the database table. */
export interface ExportCommandResult {
  /** `export.json` of the export directory, when `--out` was given. */
  files: ExportManifest | null;
  /** The table written, when `--to` was given. */
  database: ExportToPostgresResult | null;
}

/**
 * `clrec export`: writes the export directory (see `exportCheckpoint` of `@clrec/export/node`) when `out`
 * is set, and the item vectors into a vector database (`exportToPostgres`) when `to` is set.
 */
export async function exportCommand(o: ExportCommandOptions, log: (line: string) => void): Promise<ExportCommandResult> {
  const files = o.out ? await exportFiles({ ...o, out: o.out }, log) : null;
  const database = o.to ? await exportToPostgres({ checkpoint: o.checkpoint, to: o.to, table: o.table, log }) : null;
  return { files, database };
}

async function exportFiles(o: ExportCommandOptions & { out: string }, log: (line: string) => void): Promise<ExportManifest> {
  const manifest = await exportCheckpoint({ checkpoint: o.checkpoint, out: o.out, formats: o.formats, log });
  const tower = manifest.userTower;
  if (tower) {
    const inputs = tower.inputs.map((i) => `${i.name} ${i.dtype} [${i.shape.join(', ')}]`).join(', ');
    log(`export: user tower ${manifest.model.userEncoder}: ${inputs} -> user_vector float32 [batch, ${manifest.model.dim}]${tower.normalized ? ' (unit length)' : ''}`);
  }
  log(`export: ${manifest.itemVectors.count} item vectors of dimension ${manifest.itemVectors.dim} (${manifest.model.similarity}); see ${o.out}/export.json`);
  return manifest;
}
