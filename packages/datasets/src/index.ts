export type {
  ItemFeature, UserFeature, SkipReport, LoadReport, SequenceDataset, DatasetFormat, CsvColumns, LoadOptions,
} from './types';
export { DatasetError, DEFAULT_MAX_BAD_LINES } from './errors';
export type { FileEncoding } from './decode-text';
export { MAX_ID_LENGTH } from './line-checks';
export type { FileLoadOptions } from './sequence-file';
export { loadSequenceFile } from './sequence-file';
export { loadPairFile } from './pair-file';
export type { MovieLensOptions } from './movielens';
export { loadMovieLens100k } from './movielens';
export { loadCsv, guessCsvColumns } from './csv-file';
export { detectFormat } from './detect-format';
export { loadDataset } from './load-dataset';
export { writeSequenceFile } from './write-sequence-file';
export type { EvalExample, DatasetSplit } from './split-types';
export type { LeaveOneOutOptions } from './leave-one-out';
export { leaveOneOutSplit } from './leave-one-out';
export type { TemporalSplitOptions } from './temporal-split';
export { temporalSplit } from './temporal-split';
export type { SimulatorOptions, SimulatorTruth } from './simulator';
export { simulate } from './simulator';
