/** Serialized queue contents, as stored in a checkpoint (JSON-serializable, no tensors). */
export interface QueueState {
  /** Queue kind name. */
  name: string;
  /** Capacity at save time. */
  capacity: number;
  /** Held item ids, oldest first. */
  items: number[];
  /** Cached key vectors aligned with `items` (row-major `[items.length, dim]`), for vector queues. */
  vectors?: number[];
  /** Width of `vectors`. */
  dim?: number;
  /**
   * Ids of further FIFO groups, each oldest first, for queues made of several rings (Multi-CLRec's H
   * secondary queues, KDD §3.2: `groups[h]` is secondary queue Q_{h+1}); absent for single-ring queues.
   */
  groups?: number[][];
}
