import { BACKENDS, type CliFlags } from './cli-args';
import { BenchArgError, parseIntFlag, parseList } from './list-option';

/** Validated arguments of `clrec-bench encoders` and `clrec-bench label-features`. */
export interface EncoderBenchArgs {
  data: string;
  /** CSV column mapping (`user=COL,item=COL[,timestamp=COL][,features=A|B]`), for CSV data. */
  csvColumns?: string;
  epochs: number;
  variants: string[];
  out: string;
  maxEvalUsers: number;
  backend: (typeof BACKENDS)[number];
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Validates the flags of an encoder benchmark: `--data` is required, `--variants` must name
 * variants of `valid` (default all), `--epochs` defaults to `defaultEpochs`. Errors are
 * {@link BenchArgError}s naming the flag and listing the valid values.
 */
export function parseEncoderBenchArgs(flags: CliFlags, valid: readonly string[], defaultEpochs: number): EncoderBenchArgs {
  const data = str(flags.data);
  if (!data) throw new BenchArgError('--data: required (a dataset path, e.g. ../shared/datasets/ml-100k or ../shared/datasets/amazon-5core/Beauty.txt, or sim)');
  return {
    data,
    csvColumns: str(flags.csvColumns),
    epochs: parseIntFlag('--epochs', str(flags.epochs), defaultEpochs, 1),
    variants: parseList('--variants', str(flags.variants), valid),
    out: str(flags.out) ?? 'bench-results',
    maxEvalUsers: parseIntFlag('--max-eval-users', str(flags.maxEvalUsers), 0, 0),
    backend: parseList('--backend', str(flags.backend) ?? 'auto', BACKENDS)[0],
  };
}
