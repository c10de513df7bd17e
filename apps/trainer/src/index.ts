/**
 * @packageDocumentation
 * The `clrec` command line: flag and config-file parsing, progress display and output files over
 * `@clrec/training` (which does the training, evaluation, checkpoints and serving).
 */
export { buildProgram } from './cli-program';
export { evalCommand } from './eval-command';
export { exportCommand, parseExportFlags } from './export-command';
export type { ExportCommandOptions, ExportCommandResult } from './export-command';
export { parseServeFlags, serveCommand } from './serve-command';
export { exportToPostgres } from './export-postgres';
export type { ExportToPostgresOptions, ExportToPostgresResult } from './export-postgres';
