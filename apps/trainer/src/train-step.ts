import * as tf from '@tensorflow/tfjs';
import { type Adam, lossAndGrads, type Loss, type NegativeQueue } from '@clrec/core';
import { packHistories, toSequenceBatch } from '@clrec/encoders';
import type { Model } from './model';

/** Host-side inputs of one CLRec step: histories and their next-click targets. */
export interface StepBatch {
  /** Chronological click histories (views, not copies). */
  histories: Int32Array[];
  /** Positive item per history. */
  positives: Int32Array;
}

/**
 * One CLRec-inter step (KDD §3.1): enqueue the batch's positives into the FIFO queue, re-encode every
 * queued item with the current item encoder (gradients flow through all keys), compute the contrastive
 * loss of f(x) against [earlier positives; this batch's positives], and apply one optimizer update.
 * Histories are packed to the longest one in the batch (≤ maxLen), which is exact because padding is masked.
 * @returns the batch's mean loss
 */
export function clrecInterStep(model: Model, loss: Loss, queue: NegativeQueue, adam: Adam, batch: StepBatch, maxLen: number): number {
  const B = batch.positives.length;
  queue.enqueue(batch.positives);
  const keys = queue.contents();
  const first = keys.length - B; // this batch's positives are the newest B entries
  const positives = new Int32Array(B);
  for (let i = 0; i < B; i++) positives[i] = first + i;
  let longest = 1;
  for (const h of batch.histories) longest = Math.max(longest, h.length);
  const host = packHistories(batch.histories, Math.min(maxLen, longest));
  return tf.tidy(() => {
    const seq = toSequenceBatch(host);
    const keyIds = tf.tensor1d(keys, 'int32');
    const pos = tf.tensor1d(positives, 'int32');
    const { loss: value, grads } = lossAndGrads(model.params, () =>
      loss.compute({ users: model.user.encode(seq), keys: model.item.encode(keyIds) as tf.Tensor2D, positives: pos }),
    );
    adam.apply(grads);
    return value.dataSync()[0];
  });
}
