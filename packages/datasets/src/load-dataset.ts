import { DatasetError } from './errors';
import { guessCsvColumns, loadCsv } from './csv-file';
import { detectFormat } from './detect-format';
import { loadMovieLens100k } from './movielens';
import { loadPairFile } from './pair-file';
import { requireInteractions } from './require-interactions';
import { loadSequenceFile } from './sequence-file';
import { simulate } from './simulator';
import type { LoadOptions, SequenceDataset } from './types';

/**
 * One entry point for every source, as used by the trainer's `--data` flag. `spec` is `'sim'` (the
 * built-in exposure-bias simulator, configured by `opts.sim`) or a path; the format comes from
 * `opts.format` or, by default, {@link detectFormat}. CSV files use `opts.csv`, or, when absent,
 * columns guessed from common header names (`user`/`user_id`, `item`/`item_id`/`movie_id`,
 * `timestamp`/`time`). `opts.onBadLine`, `opts.maxBadLines` and `opts.encoding` are passed to the
 * loader (MovieLens side files included). A load that keeps no interaction is a
 * {@link DatasetError} naming the file (`no interactions: N lines read, M skipped (...)`).
 */
export function loadDataset(spec: string, opts: LoadOptions = {}): SequenceDataset {
  return requireInteractions(loadByFormat(spec, opts));
}

/** Dispatches `spec` to the loader of its (detected or forced) format. */
function loadByFormat(spec: string, opts: LoadOptions): SequenceDataset {
  const format = opts.format === undefined || opts.format === 'auto' ? (spec === 'sim' ? 'sim' : detectFormat(spec)) : opts.format;
  const { onBadLine, maxBadLines, encoding } = opts;
  const fileOpts = { onBadLine, maxBadLines, encoding };
  switch (format) {
    case 'sim':
      return simulate(opts.sim).dataset;
    case 'sequence':
      return loadSequenceFile(spec, fileOpts);
    case 'pairs':
      return loadPairFile(spec, fileOpts);
    case 'ml-100k':
      return loadMovieLens100k(spec, fileOpts);
    case 'csv':
      return loadCsv(spec, opts.csv ?? guessCsvColumns(spec, ',', encoding), fileOpts);
    default:
      throw new DatasetError(spec, null, null, `unknown format ${JSON.stringify(format)}; expected one of sequence, pairs, ml-100k, csv, sim`);
  }
}
