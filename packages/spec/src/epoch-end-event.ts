/** What a training loop reports after each epoch (`TrainingCallback.onEpochEnd`). */
export interface EpochEndEvent {
  /** Epoch number, 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's steps. */
  loss: number;
  /** Seconds the epoch took (wall clock). */
  seconds: number;
  /**
   * Evaluation results by display name (e.g. `HR@50`, `NDCG@10`). Mutable on purpose: an evaluation
   * callback fills it, and callbacks after it (checkpointing the best epoch, early stopping, logging)
   * read it.
   */
  metrics: Record<string, number>;
}
