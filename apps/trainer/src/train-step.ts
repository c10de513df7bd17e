import * as tf from '@tensorflow/tfjs';
import {
  accidentalHitMask, accidentalHitMaskPerUser, type Adam, lossAndGrads, type Loss, type NegativeQueue, type QueueContext,
} from '@clrec/core';
import { packHistories, toSequenceBatch } from '@clrec/encoders';
import type { Model } from './model';

/** Host-side inputs of one training step: histories and their next-click targets. */
export interface StepBatch {
  /** Chronological click histories (views, not copies). */
  histories: Int32Array[];
  /** Positive item per history. */
  positives: Int32Array;
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
  adam: Adam,
  batch: StepBatch,
  opts: {
    maxLen: number;
    ctx: QueueContext;
    /** Mask negatives that are the same item as the row's positive. */
    maskAccidentalHits?: boolean;
    /** Per-item example weight (e.g. inverse propensities for IPW), indexed by item id. */
    itemWeights?: Float32Array;
  },
): number {
  const { ctx } = opts;
  const B = batch.positives.length;
  queue.prepare(batch.positives, ctx);
  let longest = 1;
  for (const h of batch.histories) longest = Math.max(longest, h.length);
  const host = packHistories(batch.histories, Math.min(opts.maxLen, longest));
  const value = tf.tidy(() => {
    const seq = toSequenceBatch(host);
    const { loss: v, grads } = lossAndGrads(model.params, () => {
      const k = queue.keys(batch.positives, ctx);
      let logitMask = k.logitMask;
      if (opts.maskAccidentalHits) {
        const hits = k.userNegatives
          ? tf.tensor2d(accidentalHitMaskPerUser(batch.positives, k.userNegatives.ids, k.userNegatives.ids.length / B), [B, k.userNegatives.ids.length / B])
          : tf.tensor2d(accidentalHitMask(batch.positives, k.keyIds, k.positives.dataSync() as Int32Array), [B, k.keyIds.length]);
        logitMask = logitMask ? (tf.add(logitMask, hits) as tf.Tensor2D) : hits;
      }
      const w = opts.itemWeights;
      const exampleWeights = w ? tf.tensor1d(Float32Array.from(batch.positives, (id) => w[id])) : undefined;
      return loss.compute({
        users: model.user.encode(seq), keys: k.keys, positives: k.positives, logQ: k.logQ,
        userNegatives: k.userNegatives?.vectors, logitMask, exampleWeights,
      });
    });
    adam.apply(grads);
    return v.dataSync()[0];
  });
  queue.commit(ctx);
  return value;
}
