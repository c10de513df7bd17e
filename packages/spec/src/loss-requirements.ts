/**
 * The optional `LossInput` fields a `Loss` cannot do without, so a training step can check before
 * the first batch that the chosen negative source (and data) provide them, instead of the loss
 * failing — or silently computing something else — mid-run. A field left out (or `false`) means
 * "not needed"; the loss may still use it when present (e.g. every keyed loss applies `logitMask`).
 */
export interface LossRequirements {
  /** Needs `logQ`, the log proposal probability of each key (sampled softmax, KDD Eq. 2). */
  logQ?: boolean;
  /** Needs `exampleWeights`, one weight per row (inverse-propensity weighting, KDD Eq. 4). */
  exampleWeights?: boolean;
  /** Needs `logitMask` (e.g. a loss over the whole catalog that must hide the padding item 0). */
  logitMask?: boolean;
  /** Needs `userNegatives`, k negatives per row (negative sampling with per-user draws). */
  userNegatives?: boolean;
}
