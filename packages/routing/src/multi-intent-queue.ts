import * as tf from '@tensorflow/tfjs';
import {
  type IntentRouter, MASKED_LOGIT, type NamedVariable, type NegativeQueue, type QueueContext, type QueueState, type StepKeys,
} from '@clrec/core';
import { FifoRing } from '@clrec/queues';

/** Options of {@link MultiIntentQueue}. */
export interface MultiIntentQueueOptions {
  /** Capacity of the main queue Q₀ (the paper: 1,280 with batch 256); holds the present batch too. */
  mainCapacity: number;
  /** Capacity of each secondary queue Q_h (the paper: 1,280). */
  secondaryCapacity: number;
  /** Assigns items to intentions (e.g. the MultiIntentEncoder); its H is the number of secondary queues. */
  router: IntentRouter;
}

/**
 * Multi-CLRec's 1 + H queues (KDD §3.2, Eq. 13) as a negative source. Before the loss: (1) the batch's
 * positives are enqueued into the main FIFO Q₀; (2) every item that falls out of Q₀ is enqueued into the
 * secondary FIFO Q_{h⁻}, h⁻ = router.route(item); (3) items that fall out of a secondary queue are
 * discarded. Row i's keys are Q₀ ∪ Q_{h⁺ᵢ}, h⁺ᵢ = router.route(positive i), re-encoded with the current
 * item encoder every step (raw ids, as CLRec-inter); a per-row logit mask hides the secondary queues of
 * other intentions and counts repeated items (see {@link MultiIntentQueue.keys}).
 */
export class MultiIntentQueue implements NegativeQueue {
  readonly name = 'multi-intent';
  /** Plugin specification version this source implements. */
  readonly specificationVersion = 'v1' as const;
  /** How the negatives are produced (see `NegativeQueueKind`). */
  readonly kind = 'fifo' as const;
  /** Keys a row sees once full: main + one secondary queue. */
  readonly capacity: number;
  private readonly main: FifoRing;
  private readonly secondary: FifoRing[];
  private readonly router: IntentRouter;
  private targetIntents: Int32Array | null = null;

  /** Creates the empty queues. */
  constructor(options: MultiIntentQueueOptions) {
    const { mainCapacity, secondaryCapacity, router } = options;
    if (!Number.isInteger(secondaryCapacity) || secondaryCapacity < 1) {
      throw new Error(`MultiIntentQueue: secondaryCapacity must be a positive integer, got ${secondaryCapacity}`);
    }
    this.main = new FifoRing(mainCapacity);
    this.secondary = Array.from({ length: router.intentions }, () => new FifoRing(secondaryCapacity));
    this.router = router;
    this.capacity = mainCapacity + secondaryCapacity;
  }

  /** Entries held in all queues. */
  get size(): number {
    return this.secondary.reduce((s, r) => s + r.size, this.main.size);
  }

  /** Ids in the main queue, oldest first. */
  mainIds(): Int32Array {
    return this.main.newestIds();
  }

  /** Ids in secondary queue h (0-based intention), oldest first. */
  secondaryIds(h: number): Int32Array {
    const ring = this.secondary[h];
    if (!ring) throw new Error(`MultiIntentQueue: intention ${h} is outside [0, ${this.secondary.length})`);
    return ring.newestIds();
  }

  /** Routes the batch's targets (h⁺), enqueues them into Q₀ and moves what Q₀ drops into the secondary queues. */
  prepare(positiveIds: Int32Array, _ctx?: QueueContext): void {
    const B = positiveIds.length;
    if (B > this.main.capacity) {
      throw new Error(`multi-intent queue: batch size ${B} exceeds the main queue capacity ${this.main.capacity}; raise the queue size`);
    }
    this.targetIntents = this.router.route(positiveIds);
    this.enqueue(positiveIds);
  }

  /**
   * Keys = g([this batch's positives; each distinct item held in Q₀'s older entries or in a secondary
   * queue some row routes to]); row i's positive is key i. An item held k times in row i's Q₀ ∪ Q_{h⁺ᵢ}
   * adds k·exp(φ) to Eq. 13's denominator, so its column gets log k in row i's logit mask (and −1e9 when
   * k = 0): the loss of Eq. 13 exactly, with at most B + numItems keys instead of |Q₀| + Σ_h |Q_h|.
   */
  keys(positiveIds: Int32Array, ctx: QueueContext): StepKeys {
    const B = positiveIds.length;
    const intents = this.targetIntents;
    if (!intents || intents.length !== B) throw new Error('multi-intent queue: keys() called without prepare() for this batch');
    const mainIds = this.main.newestIds();
    const older = mainIds.subarray(0, mainIds.length - B); // Q₀ minus this batch (whose positives are keys 0..B−1)
    const used = [...new Set(intents)].sort((a, b) => a - b);
    const column = new Map<number, number>();
    const distinct: number[] = [];
    const add = (id: number) => {
      if (!column.has(id)) {
        column.set(id, distinct.length);
        distinct.push(id);
      }
    };
    older.forEach(add);
    for (const h of used) this.secondary[h].newestIds().forEach(add);
    const U = distinct.length;
    const keyIds = new Int32Array(B + U);
    keyIds.set(positiveIds);
    keyIds.set(distinct, B);
    let mask: tf.Tensor2D | undefined;
    if (U > 0) {
      const countMain = new Float32Array(U);
      older.forEach((id) => countMain[column.get(id)!]++);
      const countSec = new Map<number, Float32Array>();
      for (const h of used) {
        const c = new Float32Array(U);
        this.secondary[h].newestIds().forEach((id) => c[column.get(id)!]++);
        countSec.set(h, c);
      }
      const N = B + U;
      const m = new Float32Array(B * N);
      for (let i = 0; i < B; i++) {
        const sec = countSec.get(intents[i])!;
        for (let j = 0; j < U; j++) {
          const k = countMain[j] + sec[j];
          m[i * N + B + j] = k > 0 ? Math.log(k) : MASKED_LOGIT;
        }
      }
      mask = tf.tensor2d(m, [B, N]);
    }
    return {
      keys: ctx.itemEncoder.encode(tf.tensor1d(keyIds, 'int32')) as tf.Tensor2D,
      positives: tf.range(0, B, 1, 'int32') as tf.Tensor1D,
      keyIds,
      logitMask: mask,
    };
  }

  /** Nothing to commit (the queues moved in prepare). */
  commit(_ctx?: QueueContext): void {
    this.targetIntents = null;
  }

  /** No variables (the router's weights belong to the model). */
  variables(): NamedVariable[] {
    return [];
  }

  /** Main queue ids in `items`, secondary queue h in `groups[h]`, all oldest first. */
  state(): QueueState {
    return {
      name: this.name, capacity: this.capacity, items: Array.from(this.main.newestIds()),
      groups: this.secondary.map((r) => Array.from(r.newestIds())),
    };
  }

  /** Restores the 1 + H queues; the number of secondary queues must match. */
  restore(state: QueueState): void {
    if (!state || state.name !== this.name || !Array.isArray(state.items)) {
      throw new Error(`multi-intent queue: checkpoint holds a "${state?.name}" queue, expected "${this.name}"`);
    }
    const groups = state.groups ?? [];
    if (groups.length !== this.secondary.length) {
      throw new Error(`multi-intent queue: checkpoint has ${groups.length} secondary queues, this model has ${this.secondary.length} intentions`);
    }
    this.main.clear();
    this.main.push(state.items);
    this.secondary.forEach((r, h) => {
      r.clear();
      r.push(groups[h]);
    });
  }

  /** Nothing to free. */
  dispose(): void {}

  /** Pushes ids into Q₀; what Q₀ drops (oldest first) moves to the secondary queue of its intention. */
  private enqueue(ids: Int32Array): void {
    const held = this.main.size;
    const overflow = held + ids.length - this.main.capacity;
    if (overflow > 0) {
      const all = new Int32Array(held + ids.length);
      all.set(this.main.newestIds());
      all.set(ids, held);
      const dropped = all.subarray(0, overflow);
      const intents = this.router.route(dropped);
      dropped.forEach((id, i) => {
        const ring = this.secondary[intents[i]];
        if (!ring) throw new Error(`multi-intent queue: the router sent item ${id} to intention ${intents[i]}, outside [0, ${this.secondary.length})`);
        ring.push([id]);
      });
    }
    this.main.push(ids);
  }
}
