/**
 * One evaluation query: predict `target` for `user` given the items before it. `history` (and
 * `historyTimes`) are read-only views into the dataset's arrays — copy before mutating.
 */
export interface EvalExample {
  /** Dense user index. */
  user: number;
  /** Chronological dense item ids before the target (length >= 1). */
  history: Int32Array;
  /** Timestamps of `history` (unix seconds), or `null` when the dataset has none. */
  historyTimes: Float64Array | null;
  /** Dense item id to predict. */
  target: number;
  /** Timestamp of the target, or `null` when the dataset has none. */
  time: number | null;
}

/**
 * A train / validation / test split of a {@link SequenceDataset}. `train[u]` is user `u`'s training
 * prefix (possibly empty); each eval list holds at most one example per user.
 */
export interface DatasetSplit {
  /** How the split was made. */
  kind: 'leave-one-out' | 'temporal';
  /** Training sequence per dense user (index = user), read-only views. */
  train: Int32Array[];
  /** Timestamps aligned with `train`, or `null` when the dataset has none. */
  trainTimes: Float64Array[] | null;
  /** Validation examples (for early stopping / model selection). */
  valid: EvalExample[];
  /** Test examples (report these). */
  test: EvalExample[];
  /** Users that produced no evaluation example (too short / no data in the eval windows). */
  skippedUsers: number;
  /** Temporal split only: the cut times used (unix seconds; `Infinity` when a window is empty). */
  validStart?: number;
  /** Temporal split only: start of the test window (unix seconds). */
  testStart?: number;
}
