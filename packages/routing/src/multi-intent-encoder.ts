import * as tf from '@tensorflow/tfjs';
import {
  type IntentRouter, type ItemEncoder, l2Normalize, type NamedVariable, normalVariable, type Rng, type SequenceBatch, type UserEncoder,
} from '@clrec/core';
import { ROUTING_TEMPERATURE, routingLogits, rowCosineLogits } from './cosine-routing';
import { CategoryEmbedding, type CategorySource } from './intent-categories';
import { Mlp } from './mlp';
import { straightThroughArgmax } from './straight-through';

/**
 * A history batch with the optional per-click side inputs of the importance network (KDD Eq. 6).
 * `timeBuckets` is the field of the encoders' `TimedSequenceBatch` (log-spaced bucket of the gap between
 * the click and the prediction time, 0 = unknown); `dwell` is the user's dwell time on each click.
 */
export interface IntentBatch extends SequenceBatch {
  /** Time-gap bucket of each click, int32 `[B, T]`, 0 = unknown time / padding. */
  timeBuckets?: tf.Tensor2D;
  /** Dwell time of each click in seconds, float32 `[B, T]`, 0 = unknown / padding. */
  dwell?: tf.Tensor2D;
}

/** Options of {@link MultiIntentEncoder}. */
export interface MultiIntentEncoderOptions {
  /** Item encoder g (shared with the label side); history clicks are embedded with it. */
  itemEncoder: ItemEncoder;
  /** Number of intentions H (the paper: 16 on public data, 64 in production). */
  intentions: number;
  /** Where each item's category c_t comes from. */
  categories: CategorySource;
  /** Hidden width of MLP₂, MLP₃ and MLP₄ (default d). */
  hidden?: number;
  /** Routing / selection temperature ρ (default 0.07). */
  temperature?: number;
  /** Rows of the time-gap bucket table fed to MLP₂ (0 = no wall-clock gap input; default 0). */
  timeBuckets?: number;
  /** Width of the time-gap bucket embedding (default 8). */
  timeDim?: number;
  /** Feed log(1 + dwell seconds) to MLP₂ (the batch's `dwell`, 0 when absent). Default false. */
  dwell?: boolean;
  /**
   * `true` (default): z_h = ẑ'_h + MLP₃([ẑ'_h; β_h]) with ẑ'_h = z'_h / ‖z'_h‖ and MLP₃'s output layer
   * starting at zero, so training starts from the routed, importance-weighted pooling (a unit vector per
   * intention, as CLRec l2-normalises its heads, KDD App. B.2). `false`: the paper's literal
   * z_h = MLP₃([z'_h; β_h]) (Eq. 8), whose output is dominated by β_h while the item embeddings are small
   * (e.g. Glorot-initialised over a 12k-item table), so users start out nearly indistinguishable.
   */
  residual?: boolean;
  /** Seeded generator: prototypes, β, category table, time table, MLP₂, MLP₃, MLP₄ in that order. */
  rng: Rng;
  /** Variable prefix, default `user`. */
  name?: string;
}

/** Everything one forward pass computes (all tensors belong to the caller's tidy). */
export interface IntentForward {
  /** f(x) = z_{h*} / ‖z_{h*}‖, float32 `[B, d]` (straight-through selection, Eq. 9). */
  user: tf.Tensor2D;
  /** Intention vectors z_h (Eq. 8; residual form by default), float32 `[B, H, d]`. */
  intentions: tf.Tensor3D;
  /** Selector logits w_h = cos(m, z_h) / ρ, float32 `[B, H]`. */
  selection: tf.Tensor2D;
  /** Importance p_t (softmax over each row's real clicks), float32 `[B, T]` (Eq. 6). */
  importance: tf.Tensor2D;
  /** Routing probabilities p_{h|t}, float32 `[B, T, H]` (Eq. 7). */
  routing: tf.Tensor3D;
  /** The batch mask, float32 `[B, T]`. */
  mask: tf.Tensor2D;
}

/**
 * Multi-CLRec's user encoder (KDD §3.2, Fig. 2): per-click importance p_t = softmax_t MLP₂([g(y_t); c_t;
 * gap features]), prototype routing p_{h|t} = softmax_h cos(μ_h, c_t)/ρ, intention vectors from
 * z'_h = Σ_t p_{h|t} p_t g(y_t) and β_h through MLP₃ (residually by default, see
 * {@link MultiIntentEncoderOptions.residual}), a selector m = MLP₄(Σ_t p_t g(y_t)) with w_h = cos(m, z_h)/ρ,
 * and f(x) = z_{h*}, h* = argmax_h w_h, trained through a straight-through estimator. Gap features:
 * log(1 + clicks between y_t and the prediction), plus an embedding of the wall-clock gap bucket and
 * log(1 + dwell seconds) when enabled. It is also the {@link IntentRouter} of its queues:
 * route(y) = argmax_h cos(μ_h, c_y).
 */
export class MultiIntentEncoder implements UserEncoder, IntentRouter {
  /** Plugin specification version this encoder implements. */
  readonly specificationVersion = 'v1' as const;
  readonly dim: number;
  readonly intentions: number;
  readonly temperature: number;
  /** Prototypes μ, `[H, d]`. */
  readonly prototypes: tf.Variable;
  /** Intention bias vectors β, `[H, d]`. */
  readonly bias: tf.Variable;
  /** Category embedding c. */
  readonly categories: CategoryEmbedding;
  /** The shared item encoder g. */
  readonly item: ItemEncoder;
  private readonly timeTable: tf.Variable | null;
  private readonly dwell: boolean;
  private readonly residual: boolean;
  private readonly importanceMlp: Mlp;
  private readonly intentionMlp: Mlp;
  private readonly selectorMlp: Mlp;
  private readonly prefix: string;

  /** Draws every weight from `options.rng` (order in {@link MultiIntentEncoderOptions.rng}). */
  constructor(options: MultiIntentEncoderOptions) {
    const { itemEncoder, rng } = options;
    const d = itemEncoder.dim;
    const H = options.intentions;
    if (!Number.isInteger(H) || H < 1) throw new Error(`MultiIntentEncoder: intentions must be a positive integer, got ${H}`);
    const hidden = options.hidden ?? d;
    const timeRows = options.timeBuckets ?? 0;
    const timeDim = options.timeDim ?? 8;
    if (!Number.isInteger(timeRows) || timeRows < 0) throw new Error(`MultiIntentEncoder: timeBuckets must be an integer >= 0, got ${timeRows}`);
    this.item = itemEncoder;
    this.dim = d;
    this.intentions = H;
    this.temperature = options.temperature ?? ROUTING_TEMPERATURE;
    this.dwell = options.dwell ?? false;
    this.residual = options.residual ?? true;
    this.prefix = options.name ?? 'user';
    const p = this.prefix;
    this.prototypes = normalVariable(rng, [H, d], 1);
    this.bias = normalVariable(rng, [H, d], Math.sqrt(2 / (H + d)));
    this.categories = new CategoryEmbedding(options.categories, itemEncoder, rng, `${p}.intent`);
    this.timeTable = timeRows > 0 ? normalVariable(rng, [timeRows, timeDim], Math.sqrt(2 / (timeRows + timeDim))) : null;
    const gapWidth = 1 + (this.timeTable ? timeDim : 0) + (this.dwell ? 1 : 0);
    this.importanceMlp = new Mlp(rng, [2 * d + gapWidth, hidden, 1], `${p}.importance_mlp`);
    this.intentionMlp = new Mlp(rng, [2 * d, hidden, d], `${p}.intention_mlp`, this.residual);
    this.selectorMlp = new Mlp(rng, [d, hidden, d], `${p}.selector_mlp`);
  }

  /** Routing logits p'_{h|y} of items (int32, any shape S) → `[...S, H]`. Call inside a tidy. */
  routeLogits(itemIds: tf.Tensor): tf.Tensor {
    return routingLogits(this.prototypes as tf.Tensor2D, this.categories.embed(itemIds), this.temperature);
  }

  /** h = argmax_h cos(μ_h, c_y) of each item with the current weights (host-side). */
  route(itemIds: Int32Array): Int32Array {
    if (itemIds.length === 0) return new Int32Array(0);
    const t = tf.tidy(() => tf.argMax(this.routeLogits(tf.tensor1d(itemIds, 'int32')), -1));
    const out = Int32Array.from(t.dataSync());
    t.dispose();
    return out;
  }

  /** The full forward pass (Eqs. 6–9). Call inside a tidy; the caller owns every returned tensor. */
  forward(batch: IntentBatch): IntentForward {
    const [B, T] = batch.items.shape;
    const d = this.dim;
    const mask = batch.mask;
    const mask3 = tf.expandDims(mask, 2); // [B,T,1]
    const g = tf.mul(this.item.encode(batch.items), mask3) as tf.Tensor3D; // [B,T,d], 0 on padding
    const c = tf.mul(this.categories.embed(batch.items), mask3);
    const routing = tf.softmax(routingLogits(this.prototypes as tf.Tensor2D, c, this.temperature)) as tf.Tensor3D; // [B,T,H]
    // clicks between y_t and the prediction: len − position (1 for the latest click)
    const len = tf.sum(mask, 1, true);
    const clicksAgo = tf.mul(tf.log1p(tf.relu(tf.sub(len, tf.cast(batch.positions, 'float32')))), mask);
    const feats: tf.Tensor[] = [g, c, tf.expandDims(clicksAgo, 2)];
    if (this.timeTable) {
      const buckets = batch.timeBuckets ?? tf.zeros([B, T], 'int32');
      feats.push(tf.mul(tf.gather(this.timeTable, buckets), mask3));
    }
    if (this.dwell) feats.push(tf.expandDims(tf.mul(tf.log1p(tf.relu(batch.dwell ?? tf.zeros([B, T]))), mask), 2));
    const scores = tf.reshape(this.importanceMlp.apply(tf.concat(feats, 2)), [B, T]);
    const importance = tf.softmax(tf.add(scores, tf.mul(tf.sub(mask, 1), 1e9))) as tf.Tensor2D; // [B,T]
    const imp3 = tf.expandDims(importance, 2);
    const zPrime = tf.matMul(tf.transpose(tf.mul(routing, imp3), [0, 2, 1]), g); // [B,H,d]
    // β_h for every row; broadcasting by addition (tfjs's broadcastTo / tile gradients are very slow on wasm)
    const beta = tf.add(tf.zeros([B, this.intentions, d]), tf.expandDims(this.bias, 0));
    let intentions: tf.Tensor3D;
    if (this.residual) {
      const unit = l2Normalize(zPrime);
      intentions = tf.add(unit, this.intentionMlp.apply(tf.concat([unit, beta], 2))) as tf.Tensor3D; // [B,H,d]
    } else intentions = this.intentionMlp.apply(tf.concat([zPrime, beta], 2)) as tf.Tensor3D;
    const m = this.selectorMlp.apply(tf.sum(tf.mul(g, imp3), 1)) as tf.Tensor2D; // [B,d]
    const selection = rowCosineLogits(intentions, m, this.temperature);
    const pick = straightThroughArgmax(tf.softmax(selection) as tf.Tensor2D);
    const user = l2Normalize(tf.sum(tf.mul(intentions, tf.expandDims(pick, 2)), 1)) as tf.Tensor2D;
    return { user, intentions, selection, importance, routing, mask };
  }

  /** f(x): unit user vectors `[B, d]` (the selected intention). Call inside a tidy. */
  encode(batch: IntentBatch): tf.Tensor2D {
    return tf.tidy(() => this.forward(batch).user);
  }

  /**
   * Serving with diversity (KDD §3.2): the K intention vectors with the largest selector logits w_h, best
   * first. Retrieve with each and merge. Call inside a tidy.
   * @param k 1 ≤ K ≤ H
   * @returns unit vectors `[B, K, d]`, their intention indices int32 `[B, K]` and selection probabilities `[B, K]`
   */
  topIntentions(batch: IntentBatch, k: number): { vectors: tf.Tensor3D; indices: tf.Tensor2D; weights: tf.Tensor2D } {
    if (!Number.isInteger(k) || k < 1 || k > this.intentions) throw new Error(`topIntentions: K must be an integer in [1, ${this.intentions}], got ${k}`);
    return tf.tidy(() => {
      const f = this.forward(batch);
      const probs = tf.softmax(f.selection);
      const { values, indices } = tf.topk(probs, k);
      const vectors = l2Normalize(tf.gather(f.intentions, indices, 1, 1)) as tf.Tensor3D;
      return { vectors, indices: indices as tf.Tensor2D, weights: values as tf.Tensor2D };
    });
  }

  /** Prototypes, β, category table, time table, MLP₂, MLP₃, MLP₄ (not the shared item encoder). */
  variables(): NamedVariable[] {
    const p = this.prefix;
    const out: NamedVariable[] = [
      { name: `${p}.intent.prototypes`, variable: this.prototypes },
      { name: `${p}.intent.bias`, variable: this.bias },
      ...this.categories.variables(),
    ];
    if (this.timeTable) out.push({ name: `${p}.importance.time_embedding`, variable: this.timeTable });
    return [...out, ...this.importanceMlp.variables(), ...this.intentionMlp.variables(), ...this.selectorMlp.variables()];
  }

  /** Frees the non-variable tensors (the category ids); variables are freed by their owner. */
  dispose(): void {
    this.categories.dispose();
  }
}
