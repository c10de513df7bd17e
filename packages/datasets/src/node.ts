/**
 * @packageDocumentation
 * The Node side of `@clrec/datasets`: everything of the main entry, plus the loaders that read files
 * (sequence, pair, MovieLens 100K and CSV files, with format detection and the single entry point
 * {@link loadDataset}) and {@link writeSequenceFile}.
 */
export * from './index';
export type { FileLoadOptions } from './sequence-file';
export { loadSequenceFile } from './sequence-file';
export { loadPairFile } from './pair-file';
export type { MovieLensOptions } from './movielens';
export { loadMovieLens100k } from './movielens';
export { loadCsv, guessCsvColumns } from './csv-file';
export { detectFormat } from './detect-format';
export { loadDataset } from './load-dataset';
export { writeSequenceFile } from './write-sequence-file';
