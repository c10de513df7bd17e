import type { TrainConfig } from '@clrec/training/node';

/** What a variant needs from the data, so it is skipped (with the reason) on data without it. */
export type VariantNeed = 'timestamps' | 'features';

/** One trained configuration of an encoder benchmark: trainer overrides and a display label. */
export interface EncoderVariant {
  /** The table (group) the variant belongs to. */
  group: string;
  /** Label in the paper's terms, e.g. `BackPosEmb + TBE`. */
  label: string;
  /** Trainer config overrides on top of the scenario's base config. */
  overrides: Partial<TrainConfig>;
  /** Data the variant cannot run without. */
  needs?: VariantNeed[];
  /**
   * Epochs relative to the scenario's `--epochs` (default 1): SASRec's every-position loss makes one
   * step per batch of whole sequences, so an epoch has ~1/(mean length) as many steps.
   */
  epochScale?: number;
}

const wha = { userEncoder: 'multiatt-wha', headAggregation: 'wha' } as const;
const dot = { similarity: 'dot', temperature: 1 } as const;
const pos = (positional: TrainConfig['positional'], tbe: boolean): Partial<TrainConfig> => ({ ...wha, positional, timeBuckets: tbe ? 'log2' : 'none' });

/**
 * The `encoders` scenario (KDD Tables 11 and 12 shape, plus the other user encoders):
 * - positions / time (Table 11): MultiAtt + WHA with forward or backward positional embeddings, with
 *   and without the time-bucket embedding (TBE; needs timestamps);
 * - head aggregation (Table 12): mean pooling of the MultiAtt heads with / without an MLP, with dot
 *   product (temperature 1) or cosine (temperature 0.07) similarity, concatenation + MLP, WHA + cosine;
 * - user encoders: mean pooling of the clicks (± MLP) and SASRec (loss at every position).
 * All use the same item encoder (id + the data's categorical features) and CLRec-inter.
 */
export const ENCODER_VARIANTS = {
  'fwd-pos': { group: 'positions / time (Table 11)', label: 'FwdPosEmb', overrides: pos('forward', false) },
  'back-pos': { group: 'positions / time (Table 11)', label: 'BackPosEmb', overrides: pos('backward', false) },
  tbe: { group: 'positions / time (Table 11)', label: 'TimeBucketEmb', overrides: pos('none', true), needs: ['timestamps'] },
  'fwd-pos-tbe': { group: 'positions / time (Table 11)', label: 'FwdPosEmb + TBE', overrides: pos('forward', true), needs: ['timestamps'] },
  'back-pos-tbe': { group: 'positions / time (Table 11)', label: 'BackPosEmb + TBE', overrides: pos('backward', true), needs: ['timestamps'] },
  'mean-heads': { group: 'head aggregation (Table 12)', label: 'MeanPooling', overrides: { headAggregation: 'mean', ...dot } },
  'mean-heads-cos': { group: 'head aggregation (Table 12)', label: 'MeanPooling + Cosine', overrides: { headAggregation: 'mean' } },
  'mean-heads-mlp': { group: 'head aggregation (Table 12)', label: 'MeanPooling + MLP', overrides: { headAggregation: 'mean-mlp', ...dot } },
  'mean-heads-mlp-cos': { group: 'head aggregation (Table 12)', label: 'MeanPooling + MLP + Cosine', overrides: { headAggregation: 'mean-mlp' } },
  'concat-mlp': { group: 'head aggregation (Table 12)', label: 'Concatenation + MLP', overrides: { headAggregation: 'concat-mlp' } },
  'wha-cos': { group: 'head aggregation (Table 12)', label: 'WHA + Cosine', overrides: { headAggregation: 'wha' } },
  'mean-clicks': { group: 'user encoders', label: 'mean of the clicks', overrides: { userEncoder: 'mean' } },
  'mean-clicks-mlp': { group: 'user encoders', label: 'mean of the clicks + MLP', overrides: { userEncoder: 'mean-mlp' } },
  sasrec: {
    group: 'user encoders', label: 'SASRec (loss at every position)', epochScale: 5,
    overrides: { userEncoder: 'sasrec', batchSize: 64, queueSize: 3200, dropout: 0.4 },
  },
} as const satisfies Record<string, EncoderVariant>;

/** Name of one of {@link ENCODER_VARIANTS}. */
export type EncoderVariantName = keyof typeof ENCODER_VARIANTS;

/** All encoder variant names, in table order. */
export const ENCODER_VARIANT_NAMES = Object.keys(ENCODER_VARIANTS) as EncoderVariantName[];

/**
 * The `label-features` scenario (KDD Table 6 shape): the same MultiAtt + WHA CLRec model with the
 * item features used nowhere, on the history side only ("negatives w/o features": keys and candidates
 * are id embeddings), and on both sides ("negatives with features").
 */
export const LABEL_FEATURE_VARIANTS = {
  'no-features': { group: 'label features (Table 6)', label: 'CLRec, id only (no features anywhere)', overrides: { itemFeatures: 'none' } },
  'history-only': {
    group: 'label features (Table 6)', label: 'CLRec + negatives w/o features', overrides: { itemFeatures: 'auto', labelFeatures: false }, needs: ['features'],
  },
  'with-features': {
    group: 'label features (Table 6)', label: 'CLRec + negatives with features', overrides: { itemFeatures: 'auto', labelFeatures: true }, needs: ['features'],
  },
} as const satisfies Record<string, EncoderVariant>;

/** Name of one of {@link LABEL_FEATURE_VARIANTS}. */
export type LabelFeatureVariantName = keyof typeof LABEL_FEATURE_VARIANTS;

/** All label-feature variant names, in table order. */
export const LABEL_FEATURE_VARIANT_NAMES = Object.keys(LABEL_FEATURE_VARIANTS) as LabelFeatureVariantName[];
