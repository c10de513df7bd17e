/** What a training loop reports after each optimizer step (`TrainingCallback.onStepEnd`). */
export interface StepEndEvent {
  /** Epoch number, 1-based. */
  epoch: number;
  /** Step within the epoch, 1-based. */
  step: number;
  /** Steps in this epoch. */
  stepsPerEpoch: number;
  /** Steps since the start of training (across epochs and resumes), 1-based. */
  globalStep: number;
  /** Loss of this step (the batch mean). */
  loss: number;
  /** Training examples (rows) seen so far in this epoch. */
  examples: number;
  /** Seconds since the epoch started (wall clock). */
  seconds: number;
}
