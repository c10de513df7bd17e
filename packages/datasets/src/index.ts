/**
 * @packageDocumentation
 * CLRec datasets: the in-memory `SequenceDataset` shape, train / validation / test splits
 * (leave-one-out, temporal) and the seeded exposure-bias simulator. This entry touches no file and
 * imports no Node built-in, so it runs in a browser; the file loaders and writer (`loadDataset`,
 * `loadSequenceFile`, `loadPairFile`, `loadMovieLens100k`, `loadCsv`, `detectFormat`,
 * `writeSequenceFile`) are in `@clrec/datasets/node`.
 */
export type {
  ItemFeature, UserFeature, SkipReport, LoadReport, SequenceDataset, DatasetFormat, CsvColumns, LoadOptions,
} from './types';
export { DatasetError, DEFAULT_MAX_BAD_LINES } from './errors';
export type { FileEncoding } from './decode-text';
export { MAX_ID_LENGTH } from './line-checks';
export type { EvalExample, DatasetSplit } from './split-types';
export type { LeaveOneOutOptions } from './leave-one-out';
export { leaveOneOutSplit } from './leave-one-out';
export type { TemporalSplitOptions } from './temporal-split';
export { temporalSplit } from './temporal-split';
export type { SimulatorOptions, SimulatorTruth } from './simulator';
export { simulate } from './simulator';
