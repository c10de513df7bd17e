import type * as tf from '@tensorflow/tfjs';
import type { AdamState } from './adam';
import type { Rng } from './rng';
import type { SparseRows } from './sparse-rows';

/**
 * A trainable parameter with a stable name. Names key checkpoints and optimizer state, so they must be
 * unique within a model and stable across versions (e.g. `item.id_embedding`, `user.att_mlp.w1`).
 */
export interface NamedVariable {
  /** Stable unique name, used as the checkpoint key. */
  name: string;
  /** The tfjs variable (trainable). */
  variable: tf.Variable;
  /**
   * A row-sparse embedding table `[rows, ...]`: the encoder reads it only through `embeddingLookup`,
   * so a training step gets gradients for the rows it touched (`lossAndSparseGrads`) and a lazy
   * optimizer (`LazyAdam`) updates only those rows. Mark only large tables (item ids, item features).
   */
  sparse?: boolean;
}

/**
 * Optimizer plugin: applies one update from named gradients. Dense parameters get `grads`; tables
 * named in `sparseNames` get their touched rows from `rows` (see `lossAndSparseGrads`), so a step
 * costs O(touched rows), not O(table). State is keyed by parameter name, so it checkpoints exactly.
 */
export interface Optimizer {
  /** Number of updates applied so far. */
  readonly step: number;
  /** Parameters updated from row gradients (empty for a purely dense optimizer). */
  readonly sparseNames: ReadonlySet<string>;
  /**
   * One update. Parameters with neither a gradient nor rows are left unchanged. Does not dispose the
   * gradients.
   */
  apply(grads: Map<string, tf.Tensor>, rows?: Map<string, SparseRows>): void;
  /** The full state for a checkpoint (moments of every parameter, keyed by name). */
  getState(): Promise<AdamState>;
  /** Restores a state from {@link Optimizer.getState}. */
  setState(state: AdamState): void;
  /** Frees the optimizer's own tensors (never the parameters). */
  dispose(): void;
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
  /**
   * Ids of further FIFO groups, each oldest first, for queues made of several rings (Multi-CLRec's H
   * secondary queues, KDD §3.2: `groups[h]` is secondary queue Q_{h+1}); absent for single-ring queues.
   */
  groups?: number[][];
}

/**
 * Intention-routing plugin (Multi-CLRec, KDD §3.2): assigns each item to one of H intentions, e.g.
 * h = argmax_h cos(μ_h, c_y) over learned prototypes μ_h and the item's category embedding c_y (Eq. 7).
 * A multi-intent negative queue uses it to send an item dequeued from the main queue to the secondary
 * queue of its intention, and to pick the secondary queue of each row's target (h⁺).
 */
export interface IntentRouter {
  /** Number of intentions H (secondary queues). */
  readonly intentions: number;
  /**
   * The intention of each item with the current weights, host-side; call outside a gradient scope.
   * @param itemIds dense item ids (≥ 1)
   * @returns int32, one intention index in [0, H) per id
   */
  route(itemIds: Int32Array): Int32Array;
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

/**
 * Result of a {@link VectorIndex} search for `queries` query vectors, row-major `[queries, k]`, best
 * first. Scores are cosine similarities in [-1, 1] (the similarity CLRec trains with, without the
 * temperature), or inner products for an index built for a dot-product model. Slots a search could not fill (an approximate index that found fewer than `k`
 * neighbours) hold id -1 and score `-Infinity`.
 */
export interface VectorSearchResult {
  /** Number of query rows. */
  queries: number;
  /** Results per query. */
  k: number;
  /** Row index (0-based position in the vectors the index was built from), int32 `[queries * k]`. */
  ids: Int32Array;
  /** Cosine similarity of each result, float32 `[queries * k]`. */
  scores: Float32Array;
}

/**
 * Top-K retrieval plugin: the K rows of a fixed catalog of item vectors most cosine-similar to each
 * query (serving: f(x) against all g(y)). `@clrec/retrieval` provides an exact blocked scan and an
 * approximate HNSW index; both score by cosine, as training does (or by dot product when the model
 * was trained with dot-product logits).
 */
export interface VectorIndex {
  /** Registry name, e.g. `exact` or `hnsw`. */
  readonly name: string;
  /** Vector width d. */
  readonly dim: number;
  /** Number of indexed rows n. */
  readonly size: number;
  /**
   * The `k` best rows for each query.
   * @param queries float32 row-major `[numQueries, dim]` (normalised or not; cosine ignores the norm)
   * @param k results per query, an integer in [1, size]
   * @throws on a length that is not a multiple of `dim`, a non-finite value, or k outside [1, size]
   */
  search(queries: Float32Array, k: number): VectorSearchResult;
  /** Frees memory held outside the JS heap (tensors, native index). The index is unusable afterwards. */
  dispose(): void;
}

/**
 * Builds a {@link VectorIndex} from item vectors (how a serving command picks `--index exact|hnsw`).
 */
export interface VectorIndexFactory {
  /** Registry name of the indexes it builds. */
  readonly name: string;
  /**
   * Indexes `vectors`, float32 row-major `[n, dim]`; row r gets id r. Implementations copy what they
   * keep, so the caller may reuse the array. Asynchronous so that an implementation can load its
   * engine (e.g. a native module) on first use.
   */
  build(vectors: Float32Array, dim: number): Promise<VectorIndex>;
}
