import { Command, Option } from 'commander';
import { initBackend } from '@clrec/backend/node';
import { BACKENDS } from './cli-args';
import { parseEncoderBenchArgs } from './encoder-args';
import { formatEncoderTable } from './encoder-report';
import { runEncoders } from './encoder-scenario';
import { ENCODER_VARIANT_NAMES, LABEL_FEATURE_VARIANT_NAMES } from './encoder-variants';
import { runLabelFeatures } from './label-features';
import { BenchProgress } from './progress';

/** Log lines go to stderr so stdout carries only the result tables. */
const log = (line: string) => process.stderr.write(`${line}\n`);

function encoderCommand(name: string, description: string, variants: readonly string[], epochs: number, example: string): Command {
  return new Command(name)
    .description(description)
    .option('--data <path>', `dataset (any format \`clrec train\` reads), e.g. ${example}`)
    .option('--csv-columns <spec>', "CSV column mapping 'user=COL,item=COL[,timestamp=COL][,features=A|B]' (CSV data)")
    .option('--epochs <n>', `maximum epochs per variant (default ${epochs}; early stop after 3 epochs without validation HR@50 gain)`)
    .option('--variants <list>', `comma-separated: ${variants.join(', ')} (default all)`)
    .option('--max-eval-users <n>', 'evaluate a seeded sample of at most n users per split (default 0 = all)')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', `output directory: ${name}.json, ${name}.md and one run directory per variant under ${name}/ (default bench-results)`);
}

/**
 * The `encoders` (KDD Tables 11–12 shape) and `label-features` (KDD Table 6 shape) sub-commands of
 * `clrec-bench`: each trains its variants with the `clrec` trainer and prints the comparison table.
 */
export function encoderBenchCommands(): Command[] {
  const encoders = encoderCommand(
    'encoders', 'Encoder ablation (KDD Tables 11-12 shape): positional / time-bucket embeddings, head aggregation x similarity, mean pooling, SASRec.',
    ENCODER_VARIANT_NAMES, 10, '../shared/datasets/ml-100k',
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    const args = parseEncoderBenchArgs(flags, ENCODER_VARIANT_NAMES, 10);
    const backend = await initBackend({ prefer: args.backend, log });
    const report = await runEncoders(args, backend.name, { progress: new BenchProgress() });
    process.stdout.write(`${formatEncoderTable(report.rows, report.dataset.numItems)}\n`);
    if (report.failed.length) throw new Error(`${report.failed.length} variant(s) failed: ${report.failed.map((f) => f.variant).join(', ')}`);
  });
  const labels = encoderCommand(
    'label-features', 'Features of the negatives (KDD Table 6 shape): item features nowhere, in histories only, or also on the keys / candidates.',
    LABEL_FEATURE_VARIANT_NAMES, 10, '../shared/datasets/ml-100k',
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    const args = parseEncoderBenchArgs(flags, LABEL_FEATURE_VARIANT_NAMES, 10);
    const backend = await initBackend({ prefer: args.backend, log });
    const report = await runLabelFeatures(args, backend.name, { progress: new BenchProgress() });
    process.stdout.write(`${formatEncoderTable(report.rows, report.dataset.numItems)}\n`);
    if (report.failed.length) throw new Error(`${report.failed.length} variant(s) failed: ${report.failed.map((f) => f.variant).join(', ')}`);
  });
  return [encoders, labels];
}
