import type * as tf from '@tensorflow/tfjs';
import type { Rng } from './rng';

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
  /**
   * A new encoder of the same architecture with its own copy of the current weights, named with
   * `prefix`. Needed by the MoCo momentum key encoder; optional for other uses.
   */
  clone?(prefix: string): ItemEncoder;
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
  /**
   * Log proposal probability log p_n(y) of each key, float32 `[numKeys]`, for losses that correct for
   * sampling (sampled softmax subtracts it from positive and negative logits, KDD Eq. 2).
   */
  logQ?: tf.Tensor1D;
  /** Per-user negatives g(y_k), float32 `[batch, k, d]` (negative sampling: k draws per positive). */
  userNegatives?: tf.Tensor3D;
  /** Per-example weights, float32 `[batch]` (e.g. inverse propensities for the IPW loss). */
  exampleWeights?: tf.Tensor1D;
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
 * What a {@link NegativeQueue} may use of the model during a step.
 */
export interface QueueContext {
  /** The trainable item encoder g (its encodings carry gradients when called inside the step's loss). */
  itemEncoder: ItemEncoder;
  /** Seeded generator (samplers draw from it, so runs are reproducible and resumable). */
  rng: Rng;
}

/** The keys one step's loss is computed against, as produced by a {@link NegativeQueue}. */
export interface StepKeys {
  /** Key vectors, float32 `[numKeys, d]`. */
  keys: tf.Tensor2D;
  /** Index into `keys` of each row's positive, int32 `[batch]`. */
  positives: tf.Tensor1D;
  /** Item id of each key (for accidental-hit masks), length numKeys. */
  keyIds: Int32Array;
  /** Log proposal probability of each key (samplers; for the logQ correction), `[numKeys]`. */
  logQ?: tf.Tensor1D;
  /** Per-user negatives `[batch, k, d]` and their item ids (row-major `[batch * k]`), for negative sampling. */
  userNegatives?: { vectors: tf.Tensor3D; ids: Int32Array };
  /**
   * Additive logit mask the source requires, float32 `[batch, numKeys]` or `[1, numKeys]` (broadcast):
   * e.g. a sampler hides the other rows' positives so each row sees only its own positive and the
   * sampled negatives; the full catalog hides the padding item 0.
   */
  logitMask?: tf.Tensor2D;
}

/**
 * Negative-source plugin: where a step's negatives come from — a queue of earlier positives (in-batch,
 * inter-batch, cached, MoCo) or a sampler (sampled softmax, negative sampling) or the full catalog.
 * A step calls `prepare` outside the gradient scope (e.g. to encode keys with a momentum encoder, or
 * to enqueue the batch), `keys` inside it (encodings made there carry gradients), then `commit` after
 * the optimizer update (e.g. to cache this batch's key vectors or apply the momentum update).
 * Queue sizes are independent of the batch size; while filling, a queue uses what it holds.
 */
export interface NegativeQueue {
  /** Registry name, e.g. `inter`. */
  readonly name: string;
  /** Keys per step once full (present batch included), or the number of sampled negatives. */
  readonly capacity: number;
  /** Entries currently held (queues), 0 for stateless sources. */
  readonly size: number;
  /** Before the step, outside the gradient scope. */
  prepare(positiveIds: Int32Array, ctx: QueueContext): void;
  /** Inside the gradient scope: the step's keys. Called once per step, after `prepare`. */
  keys(positiveIds: Int32Array, ctx: QueueContext): StepKeys;
  /** After the optimizer update. */
  commit(ctx: QueueContext): void;
  /** Non-trainable variables to checkpoint (e.g. a momentum key encoder), else empty. */
  variables(): NamedVariable[];
  /** JSON-serializable state for checkpoints. */
  state(): QueueState;
  /** Restores a state produced by {@link NegativeQueue.state}. */
  restore(state: QueueState): void;
  /** Frees tensors held by the queue. */
  dispose(): void;
}

/** Serialized queue contents, as stored in a checkpoint. */
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
