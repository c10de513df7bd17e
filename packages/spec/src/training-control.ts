/**
 * A handle a training loop gives its callbacks so they can end the run cleanly (early stopping, a
 * time budget, a signal): the loop finishes the current step, runs `onTrainEnd` with
 * `stopped: 'early-stop'` or `'requested'`, and returns. Context types passed to a
 * `TrainingCallback` may embed it.
 */
export interface TrainingControl {
  /** Asks the loop to stop after the current step; `reason` is reported (e.g. `no NDCG@10 gain in 3 epochs`). */
  stop(reason: string): void;
  /** Whether {@link TrainingControl.stop} has been called. */
  readonly stopRequested: boolean;
}
