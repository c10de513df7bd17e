import { applyConfig, DEFAULT_CONFIG, type TrainConfig, withEncoderDefaults } from './config';
import { PluginRegistry } from './plugin-registry';

/** A named recipe: config values applied over {@link DEFAULT_CONFIG} (and the encoder's own defaults). */
export interface PresetEntry {
  readonly description: string;
  /** The values this preset sets; everything else is {@link DEFAULT_CONFIG} or its encoder's defaults. */
  readonly values: Partial<TrainConfig>;
}

/**
 * Named recipes, one flag away (`--preset NAME`, or `preset:` in a config file). `default` is what
 * `clrec train` uses when no preset is named: the best recipe measured on Beauty, Toys and ml-100k
 * together (docs/benchmarks/default-recipe). The others keep the papers' configurations reproducible.
 * Register your own with `PRESETS.register(name, { description, values })`.
 */
export const PRESETS = new PluginRegistry<PresetEntry>('preset')
  .register('default', {
    description: 'SASRec encoder (2 blocks, d 64, dropout 0.4) trained with the exact softmax over the whole catalog at every position, batch 128, Adam 2e-3, early stop after 5 epochs without validation gain',
    values: { userEncoder: 'sasrec', loss: 'full-softmax', batchSize: 128, learningRate: 0.002, patience: 5 },
  })
  .register('sasrec-clrec', {
    description: "SASRec encoder trained with CLRec (InfoNCE against a FIFO queue of 3,200 earlier positives, own items masked), the authors' public SASRec + CLRec code",
    values: { userEncoder: 'sasrec', loss: 'infonce' },
  })
  .register('sasrec-ssm', {
    description: 'SASRec encoder trained with logQ-corrected sampled softmax (3,200 popularity-sampled negatives)',
    values: { userEncoder: 'sasrec', loss: 'sampled-softmax' },
  })
  .register('paper-multiatt', {
    description: "the KDD paper's CLRec: MultiAtt + WHA user encoder, InfoNCE against an inter-batch FIFO queue of 2,560 keys, batch 256",
    values: { userEncoder: 'multiatt-wha', loss: 'infonce' },
  });

/** Where the values of {@link resolveRecipe} come from, lowest precedence first after the preset. */
export interface RecipeSources {
  /** Preset name; default: the `preset` of `file` or `flags`, else `default`. */
  preset?: string;
  /** Values read from a config file, and the file's name for errors. */
  file?: { values: Record<string, unknown>; source: string };
  /** Values from the command line (or code), applied last. */
  flags?: Record<string, unknown>;
}

/**
 * The full recipe of a run: {@link DEFAULT_CONFIG}, then the defaults of the user encoder the preset
 * names, then the preset's values, then (when the file or the flags name another user encoder) that
 * encoder's defaults, then the file, then the flags. `clrec train` resolves its flags with it, so
 * `resolveRecipe({ flags: { data: 'Beauty.txt' } })` is the same recipe as `clrec train --data Beauty.txt`.
 * @throws ConfigError naming the source of a bad value, or listing the presets for an unknown one
 */
export function resolveRecipe(sources: RecipeSources = {}): TrainConfig {
  const fileValues = sources.file?.values ?? {};
  const flags = sources.flags ?? {};
  const name = String(sources.preset ?? flags.preset ?? fileValues.preset ?? 'default');
  const preset = PRESETS.get(name);
  let config = withEncoderDefaults(DEFAULT_CONFIG, preset.values.userEncoder);
  config = applyConfig(config, { ...preset.values, preset: name }, `preset ${name}`);
  const encoder = flags.userEncoder ?? fileValues.userEncoder;
  if (encoder !== undefined && encoder !== config.userEncoder) config = withEncoderDefaults(config, encoder);
  if (sources.file) config = applyConfig(config, fileValues, sources.file.source);
  return applyConfig(config, flags, 'command line');
}
