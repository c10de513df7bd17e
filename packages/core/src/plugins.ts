import type * as tf from '@tensorflow/tfjs';

/**
 * A trainable parameter with a stable name. Names key checkpoints and optimizer state, so they must be
 * unique within a model and stable across versions (e.g. `item.id_embedding`, `user.att_mlp.w1`).
 */
export interface NamedVariable {
  /** Stable unique name, used as the checkpoint key. */
  name: string;
  /** The tfjs variable (trainable). */
  variable: tf.Variable;
}

/**
 * A batch of user click histories, left-padded so the most recent click is in the last column.
 * All arrays are row-major `[batch, maxLen]`; item id 0 is padding.
 */
export interface SequenceBatch {
  /** Dense item ids, int32 `[batch, maxLen]`, 0 = padding. */
  items: tf.Tensor2D;
  /** 1 for a real click, 0 for padding, float32 `[batch, maxLen]`. */
  mask: tf.Tensor2D;
  /**
   * Backward position of each click: 0 for the earliest click of the history, counting up to the
   * latest (KDD App. B.1.1); 0 on padding. int32 `[batch, maxLen]`.
   */
  positions: tf.Tensor2D;
}

/**
 * Item encoder plugin g(y): maps dense item ids to vectors. Also used inside user histories.
 */
export interface ItemEncoder {
  /** Output dimension d. */
  readonly dim: number;
  /** Encodes item ids (int32, any shape S) to float32 `[...S, d]`. Must be called inside a tidy. */
  encode(itemIds: tf.Tensor): tf.Tensor;
  /** All trainable variables of this encoder. */
  variables(): NamedVariable[];
}

/**
 * User (sequence) encoder plugin f(x): maps a batch of click histories to one vector per user.
 */
export interface UserEncoder {
  /** Output dimension d (equal to the item encoder's). */
  readonly dim: number;
  /** Encodes a batch to float32 `[batch, d]`. Must be called inside a tidy. */
  encode(batch: SequenceBatch): tf.Tensor2D;
  /** Trainable variables owned by this encoder (not those of a shared item encoder). */
  variables(): NamedVariable[];
}

/**
 * The inputs a {@link Loss} sees for one batch: user vectors, key (candidate) vectors, and where
 * each user's positive sits among the keys.
 */
export interface LossInput {
  /** User vectors f(x), float32 `[batch, d]`. */
  users: tf.Tensor2D;
  /** Key vectors g(y) of positives and negatives, float32 `[numKeys, d]`. */
  keys: tf.Tensor2D;
  /** Index into `keys` of each user's positive, int32 `[batch]`. */
  positives: tf.Tensor1D;
  /** Optional additive logit mask, float32 `[batch, numKeys]` (0 keep, large negative drop). */
  logitMask?: tf.Tensor2D;
}

/**
 * Training objective plugin. Returns the mean loss over the batch as a scalar; must be differentiable
 * with respect to `users` and `keys`.
 */
export interface Loss {
  /** Registry name, e.g. `infonce`. */
  readonly name: string;
  /** Scalar mean loss. Called inside a tidy / gradient scope. */
  compute(input: LossInput): tf.Scalar;
}

/**
 * A FIFO negative queue plugin: holds earlier positives (as raw item ids) whose encodings serve as the
 * negatives of the present batch. The queue's size is independent of the batch size.
 */
export interface NegativeQueue {
  /** Registry name, e.g. `inter`. */
  readonly name: string;
  /** Maximum number of entries kept. */
  readonly capacity: number;
  /** Number of entries currently held (grows until `capacity` while filling). */
  readonly size: number;
  /** Appends item ids (oldest first); the oldest entries beyond capacity are dropped. */
  enqueue(itemIds: ArrayLike<number>): void;
  /** The held item ids, oldest first (the latest enqueued batch is at the end), as a fresh Int32Array of length `size`. */
  contents(): Int32Array;
  /** JSON-serializable state for checkpoints. */
  state(): QueueState;
  /** Restores a state produced by {@link NegativeQueue.state}. */
  restore(state: QueueState): void;
}

/** Serialized queue contents, as stored in a checkpoint. */
export interface QueueState {
  /** Queue kind name. */
  name: string;
  /** Capacity at save time. */
  capacity: number;
  /** Held item ids, oldest first. */
  items: number[];
}

/**
 * Evaluation metric plugin computed from the 0-based rank of each user's target item in a ranking
 * (rank 0 = top). Ranks are produced by a protocol (full ranking, sampled negatives).
 */
export interface Metric {
  /** Display name, e.g. `HR@10`. */
  readonly name: string;
  /** Mean value over users given their target ranks. */
  fromRanks(ranks: ArrayLike<number>): number;
}

/** Compute backends the library can run on, in preference order. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/**
 * Compute backend plugin: how a backend is loaded and made active. `@clrec/backend` provides the
 * built-in ones; a user may pass their own.
 */
export interface Backend {
  /** Library name of the backend. */
  readonly name: BackendName;
  /**
   * Loads and activates the backend on the shared tfjs engine. Resolves to the tfjs backend name in
   * use (e.g. `wasm`), or rejects with the reason it is unavailable.
   */
  activate(): Promise<string>;
}
