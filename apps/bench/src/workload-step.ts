import * as tf from '@tensorflow/tfjs';
import { lossAndSparseGrads, type Loss, type NegativeQueue, type Optimizer, type QueueContext } from '@clrec/core';
import { packHistories, toSequenceBatch } from '@clrec/encoders';
import type { SyntheticBatch } from './synthetic-data';
import type { WorkloadModel } from './workload-model';

/** The optimizer a workload step drives: any core `Optimizer` (`LazyAdam`, `Adam`, `LazyAdagrad`). */
export type StepOptimizer = Optimizer;

/**
 * One training step of the throughput workload, the same sequence as the trainer's `trainStep`:
 * `queue.prepare`, then the loss of f(history) against `queue.keys` inside the gradient scope, one
 * optimizer update, `queue.commit`. Histories are packed to the longest in the batch (padding masked).
 * Tables the optimizer treats as sparse get touched-row gradients only (`lossAndSparseGrads`).
 * @returns the batch's mean loss
 */
export function workloadStep(
  model: WorkloadModel,
  loss: Loss,
  queue: NegativeQueue,
  optimizer: StepOptimizer,
  batch: SyntheticBatch,
  ctx: QueueContext,
): number {
  queue.prepare(batch.positives, ctx);
  let longest = 1;
  for (const h of batch.histories) longest = Math.max(longest, h.length);
  const host = packHistories(batch.histories, Math.min(model.user.maxLen, longest));
  const value = tf.tidy(() => {
    const seq = toSequenceBatch(host);
    const { loss: v, grads, rows } = lossAndSparseGrads(model.params, optimizer.sparseNames, () => {
      const k = queue.keys(batch.positives, ctx);
      return loss.compute({ users: model.user.encode(seq), keys: k.keys, positives: k.positives, logQ: k.logQ, logitMask: k.logitMask });
    });
    optimizer.apply(grads, rows);
    return v.dataSync()[0];
  });
  queue.commit(ctx);
  return value;
}
