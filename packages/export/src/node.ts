/**
 * @packageDocumentation
 * The Node side of `@clrec/export` (everything of the main entry, plus what writes files): a whole
 * export directory from a trained checkpoint ({@link exportCheckpoint}, what `clrec export` runs) and
 * its manifest `export.json` (`ExportManifest`, in the main entry).
 */
export * from './index';
export { exportCheckpoint, parseExportFormats } from './export-checkpoint';
export type { ExportCheckpointOptions } from './export-checkpoint';
