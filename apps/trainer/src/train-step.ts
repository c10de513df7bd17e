import * as tf from '@tensorflow/tfjs';
import {
  accidentalHitMask, accidentalHitMaskPerUser, lossAndSparseGrads, type Loss, type Optimizer, type NegativeQueue, type QueueContext, type SequenceBatch,
} from '@clrec/core';
import { type HistoryTimes, packHistories, toSequenceBatch } from '@clrec/encoders';
import type { Model } from './model';
import { denseMask, ownItemsMaskIndices } from './own-items-mask';

/** Host-side inputs of one training step: histories and their next-click targets. */
export interface StepBatch {
  /** Chronological click histories (views, not copies). */
  histories: Int32Array[];
  /** Positive item per history. */
  positives: Int32Array;
  /** Click times of each history and the query (target) times, for models with time buckets. */
  times?: HistoryTimes;
  /** Dense user of each row (auxiliary tasks that must not contrast a user with itself, e.g. u2u). */
  users?: Int32Array;
  /** The clicks from each row's positive on (the positive first), for the u2u pretext task's keys. */
  futures?: Int32Array[];
}

/**
 * An extra objective trained with the main loss in the same step and optimizer update (Multi-CLRec's
 * auxiliary losses, the u2u pretext task). Its parameters must be among `model.params`.
 */
export interface StepAuxiliary {
  /** Name for logs, e.g. `multi-clrec-aux`. */
  readonly name: string;
  /**
   * Replaces `model.user.encode(seq)` for this step, e.g. to keep the encoder's intermediate tensors for
   * {@link StepAuxiliary.loss}; at most one auxiliary of a step may define it. Inside the gradient scope.
   */
  encodeUsers?(seq: SequenceBatch): tf.Tensor2D;
  /** The weighted scalar added to the step's loss, inside the gradient scope; `users` are the step's f(x) `[B, d]`. */
  loss(users: tf.Tensor2D, batch: StepBatch): tf.Scalar;
  /** After the optimizer update (e.g. enqueue this step's cached key vectors). */
  commit?(): void;
}

/**
 * One training step for any loss / negative-queue pair: `queue.prepare` (outside the gradient scope),
 * then the loss of f(history) against `queue.keys` (encodings made there carry gradients), one
 * optimizer update, and `queue.commit`. For CLRec-inter (KDD §3.1) the queue enqueues the batch and
 * re-encodes every queued item; for the cached and MoCo queues old keys are constants.
 * Histories are packed to the longest one in the batch (≤ maxLen), which is exact because padding is masked.
 * @returns the batch's mean loss
 */
export function trainStep(
  model: Model,
  loss: Loss,
  queue: NegativeQueue,
  adam: Optimizer,
  batch: StepBatch,
  opts: {
    maxLen: number;
    ctx: QueueContext;
    /** Mask negatives that are the same item as the row's positive. */
    maskAccidentalHits?: boolean;
    /** Mask negatives that are items of the row's own history (or its positive, elsewhere in the keys). */
    maskOwnItems?: boolean;
    /** Per-item example weight (e.g. inverse propensities for IPW), indexed by item id. */
    itemWeights?: Float32Array;
    /** Extra objectives added to the loss (see {@link StepAuxiliary}). */
    auxiliaries?: StepAuxiliary[];
  },
): number {
  const { ctx } = opts;
  const B = batch.positives.length;
  queue.prepare(batch.positives, ctx);
  let longest = 1;
  for (const h of batch.histories) longest = Math.max(longest, h.length);
  const host = packHistories(batch.histories, Math.min(opts.maxLen, longest), batch.times);
  const value = tf.tidy(() => {
    const seq = toSequenceBatch(host);
    const { loss: v, grads, rows } = lossAndSparseGrads(model.params, adam.sparseNames, () => {
      const k = queue.keys(batch.positives, ctx);
      let logitMask = k.logitMask;
      if (opts.maskOwnItems && !k.userNegatives) {
        const own = batch.histories.map((h, i) => [...Array.from(h), batch.positives[i]]);
        const rows = Int32Array.from({ length: B }, (_, i) => i);
        const m = denseMask(ownItemsMaskIndices(rows, own, k.keyIds, k.positives.dataSync() as Int32Array), B, k.keyIds.length);
        logitMask = logitMask ? (tf.add(logitMask, m) as tf.Tensor2D) : m;
      } else if (opts.maskAccidentalHits) {
        const hits = k.userNegatives
          ? tf.tensor2d(accidentalHitMaskPerUser(batch.positives, k.userNegatives.ids, k.userNegatives.ids.length / B), [B, k.userNegatives.ids.length / B])
          : tf.tensor2d(accidentalHitMask(batch.positives, k.keyIds, k.positives.dataSync() as Int32Array), [B, k.keyIds.length]);
        logitMask = logitMask ? (tf.add(logitMask, hits) as tf.Tensor2D) : hits;
      }
      const w = opts.itemWeights;
      const exampleWeights = w ? tf.tensor1d(Float32Array.from(batch.positives, (id) => w[id])) : undefined;
      const aux = opts.auxiliaries ?? [];
      const encoders = aux.filter((a) => a.encodeUsers);
      if (encoders.length > 1) throw new Error(`trainStep: auxiliaries ${encoders.map((a) => a.name).join(', ')} all replace the user encoding; at most one may`);
      const encoder = encoders[0];
      const users = encoder?.encodeUsers ? encoder.encodeUsers(seq) : model.user.encode(seq);
      let total = loss.compute({
        users, keys: k.keys, positives: k.positives, logQ: k.logQ,
        userNegatives: k.userNegatives?.vectors, logitMask, exampleWeights,
      });
      for (const a of aux) total = tf.add(total, a.loss(users, batch));
      return total;
    });
    adam.apply(grads, rows);
    return v.dataSync()[0];
  });
  queue.commit(ctx);
  for (const a of opts.auxiliaries ?? []) a.commit?.();
  return value;
}
