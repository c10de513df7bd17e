import type { TrainConfig } from '@clrec/training/node';

/** A model `clrec-bench paper` compares: the trainer's loss and queue, and how the report names it. */
export interface PaperModel {
  loss: TrainConfig['loss'];
  queue: TrainConfig['queue'];
  /** Short column name in the report tables. */
  short: string;
  label: string;
}

/**
 * The compared models by `--models` name. All share the encoder, data, seed and evaluation; only
 * the objective and its negatives differ. `clrec` is the paper's main method (KDD §3.1: InfoNCE
 * over a FIFO queue of earlier positives, re-encoded each step); `sampled-softmax` the logQ-corrected
 * baseline it is compared with in Tables 1 and 10 and Figures 3-4.
 */
export const PAPER_MODELS = {
  clrec: { loss: 'infonce', queue: 'inter', short: 'CLRec', label: 'CLRec: InfoNCE + inter-batch FIFO queue' },
  'sampled-softmax': { loss: 'sampled-softmax', queue: 'auto', short: 'SSM', label: 'sampled softmax, logQ-corrected popularity proposal' },
  'full-softmax': { loss: 'full-softmax', queue: 'auto', short: 'MLE', label: 'full softmax over the catalog (MLE)' },
  ipw: { loss: 'ipw', queue: 'auto', short: 'IPW', label: 'IPW-weighted full softmax' },
  'negative-sampling': { loss: 'negative-sampling', queue: 'auto', short: 'NS', label: 'negative sampling, degree^0.75 proposal' },
  'clrec-intra': { loss: 'infonce', queue: 'in-batch', short: 'CLRec-intra', label: 'CLRec-intra: InfoNCE over in-batch negatives' },
  'clrec-cached': { loss: 'infonce', queue: 'cached', short: 'CLRec-cached', label: 'CLRec cached: FIFO of key vectors' },
  'clrec-moco': { loss: 'infonce', queue: 'moco', short: 'CLRec-MoCo', label: 'CLRec MoCo: cached keys + momentum encoder' },
} as const satisfies Record<string, PaperModel>;

/** Name of one of {@link PAPER_MODELS}. */
export type PaperModelName = keyof typeof PAPER_MODELS;

/** All model names, in report order. */
export const PAPER_MODEL_NAMES = Object.keys(PAPER_MODELS) as PaperModelName[];

/** The default comparison: CLRec, the baselines of KDD Table 8/10, and negative sampling. */
export const DEFAULT_PAPER_MODELS: PaperModelName[] = ['clrec', 'sampled-softmax', 'full-softmax', 'ipw', 'negative-sampling'];
