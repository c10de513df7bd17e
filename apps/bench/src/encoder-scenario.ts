import type { TrainConfig } from '@clrec/training/node';
import type { EncoderBenchArgs } from './encoder-args';
import { runEncoderBench } from './encoder-bench';
import type { EncoderBenchReport } from './encoder-report';
import { ENCODER_VARIANTS, type EncoderVariantName } from './encoder-variants';
import type { BenchProgress } from './progress';

/**
 * `clrec-bench encoders`: the encoder ablation in the shape of KDD Tables 11 (positional and
 * time-bucket embeddings) and 12 (head aggregation × similarity), plus mean pooling of the clicks and
 * SASRec, each trained by the `clrec` trainer on the same data and seed.
 */
export function runEncoders(args: EncoderBenchArgs, backend: string, opts: { overrides?: Partial<TrainConfig>; progress?: BenchProgress } = {}): Promise<EncoderBenchReport> {
  return runEncoderBench({
    scenario: 'encoders',
    title: 'Encoder ablation (KDD Tables 11 and 12 shape)',
    description: 'CLRec-inter (InfoNCE, FIFO queue of earlier positives) with the item encoder id + the data\'s categorical features on both sides. ' +
      'Table 11 rows: MultiAtt + WHA with forward or backward positional embeddings, with or without the log2 time-bucket embedding (TBE) of ' +
      '(query time − click time). Table 12 rows: how the MultiAtt heads become one user vector — mean pooling (± an MLP) scored by dot product ' +
      '(temperature 1) or cosine (temperature 0.07), concatenation + MLP, WHA + cosine; these and the user-encoder rows use the trainer defaults ' +
      '(forward positions; TBE when the data has timestamps, never for SASRec). The paper reports HR@50 on its production data; this is public data.',
    data: args.data, csvColumns: args.csvColumns, epochs: args.epochs, out: args.out, maxEvalUsers: args.maxEvalUsers, backend,
    variants: args.variants.map((n) => [n, ENCODER_VARIANTS[n as EncoderVariantName]]),
    overrides: opts.overrides, progress: opts.progress,
  });
}
