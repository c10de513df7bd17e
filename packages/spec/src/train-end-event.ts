/** What a training loop reports when it returns (`TrainingCallback.onTrainEnd`). */
export interface TrainEndEvent {
  /** Epochs completed in this run. */
  epochsRun: number;
  /** Steps since the start of training (across epochs and resumes). */
  globalStep: number;
  /**
   * Why training ended: all epochs ran, a callback stopped it for lack of progress (`early-stop`), or
   * a stop was requested for another reason (`TrainingControl.stop`, a signal).
   */
  stopped: 'completed' | 'early-stop' | 'requested';
}
