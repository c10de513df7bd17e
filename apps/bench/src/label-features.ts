import type { TrainConfig } from '@clrec/training/node';
import type { EncoderBenchArgs } from './encoder-args';
import { runEncoderBench } from './encoder-bench';
import type { EncoderBenchReport } from './encoder-report';
import { LABEL_FEATURE_VARIANTS, type LabelFeatureVariantName } from './encoder-variants';
import type { BenchProgress } from './progress';

/**
 * `clrec-bench label-features` (KDD Table 6 shape): does encoding the item features of the keys
 * (the queue's negatives and the candidates) help, when the history side uses them either way?
 * Needs data with categorical item features (ml-100k: genre, year; the simulator: category; CSV
 * feature columns); the id-only row runs anywhere.
 */
export function runLabelFeatures(args: EncoderBenchArgs, backend: string, opts: { overrides?: Partial<TrainConfig>; progress?: BenchProgress } = {}): Promise<EncoderBenchReport> {
  return runEncoderBench({
    scenario: 'label-features',
    title: 'Features of the negatives (KDD Table 6 shape)',
    description: 'CLRec-inter with MultiAtt + WHA (trainer defaults) and three item encoders: ids only; id + categorical features in the ' +
      'histories but id-only keys and candidates ("negatives w/o features", what sampled-softmax baselines usually do); id + features on both ' +
      'sides ("negatives with features"). Same seed: the two feature runs start from identical weights (same parameters), the id-only run from the same id table.',
    data: args.data, csvColumns: args.csvColumns, epochs: args.epochs, out: args.out, maxEvalUsers: args.maxEvalUsers, backend,
    variants: args.variants.map((n) => [n, LABEL_FEATURE_VARIANTS[n as LabelFeatureVariantName]]),
    overrides: opts.overrides, progress: opts.progress,
  });
}
