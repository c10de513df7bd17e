import * as tf from '@tensorflow/tfjs';
import {
  accidentalHitMask, accidentalHitMaskPerUser, lossAndSparseGrads, type Loss, type NegativeQueue, type Optimizer, type QueueContext, type SequenceBatch,
} from '@clrec/core';
import { type HistoryTimes, packHistories, toSequenceBatch } from '@clrec/encoders';
import type { Model } from './model';
import { denseMask, ownItemsMaskIndices } from './own-items-mask';
import { chunkSequences } from './sequence-packing';

/** A batch of (history, next click) examples: one user vector f(history) per row. */
export interface HistoryStepBatch {
  kind?: 'histories';
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
 * A batch of whole sequences with a loss at every position (SASRec): each real position t of each
 * sequence is a loss row whose user vector is the causal state after click t and whose positive is
 * click t+1. Needs a model with a per-position encoder (`model.sequence`).
 */
export interface SequenceStepBatch {
  kind: 'sequences';
  sequences: ArrayLike<number>[];
  /** Seed of this step's dropout masks (draw it from a checkpointed RNG for exact resumes). */
  dropoutSeed: number;
}

/**
 * What {@link trainStep} needs of a model: the user encoder, every trainable parameter, and the
 * per-position encoder for sequence batches. A full {@link Model} is one; so is a hand-built pair of towers.
 */
export interface StepModel {
  user: Model['user'];
  params: Model['params'];
  /** The per-position (SASRec) encoder, needed by sequence batches only. */
  sequence?: Model['sequence'];
}

/** What one training step trains on. */
export type StepBatch = HistoryStepBatch | SequenceStepBatch;

/**
 * An extra objective trained with the main loss in the same step and optimizer update (Multi-CLRec's
 * auxiliary losses, the u2u pretext task): a plugin of the step. Its parameters must be among `model.params`.
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
  loss(users: tf.Tensor2D, batch: HistoryStepBatch): tf.Scalar;
  /** After the optimizer update (e.g. enqueue this step's cached key vectors). */
  commit?(): void;
  /** Clicks from each positive on that the step must pass as `futures` (the u2u key sequences); absent = none. */
  readonly futureLength?: number;
}

/** Options of {@link trainStep}. */
export interface StepOptions {
  /** Longest history fed to the user encoder. */
  maxLen: number;
  ctx: QueueContext;
  /** Mask negatives that are the same item as the row's positive. */
  maskAccidentalHits?: boolean;
  /** Mask negatives the row's user clicked (its history and positive; for sequences, anywhere in the sequence). */
  maskOwnItems?: boolean;
  /** Per-item example weight (e.g. inverse propensities for IPW), indexed by item id; required by losses that declare `requires.exampleWeights`. */
  itemWeights?: Float32Array;
  /** Extra objectives added to the loss (history batches only). */
  auxiliaries?: StepAuxiliary[];
}

/** One batch prepared for the step: the loss rows' positives, their users' items, and the user vectors. */
interface StepRows {
  positives: Int32Array;
  /** Loss row → index into `userItems` (own-items mask). */
  rowUser: Int32Array;
  userItems: () => ArrayLike<number>[];
  /** The rows' user vectors `[P, d]`, inside the gradient scope. */
  encode: () => tf.Tensor2D;
  /** Whether to encode before asking the queue for keys (keeps each path's historical op order). */
  encodeFirst: boolean;
}

/**
 * One training step for any loss, negative queue, user encoder and position mode: `queue.prepare`
 * (outside the gradient scope), then the loss of the rows' user vectors against `queue.keys`
 * (encodings made there carry gradients) plus the auxiliaries' losses, one optimizer update, then
 * `queue.commit` and the auxiliaries' commits. For CLRec-inter (KDD §3.1) the queue enqueues the
 * batch and re-encodes every queued item; for the cached and MoCo queues old keys are constants.
 * Histories are packed to the longest one in the batch (≤ maxLen); sequences in length-sorted chunks:
 * exact, padding is masked.
 * @returns the batch's mean loss (over examples, or over positions for sequences)
 * @throws Error when the loss requires inputs this queue or the options do not supply
 */
export function trainStep(model: StepModel, loss: Loss, queue: NegativeQueue, optimizer: Optimizer, batch: StepBatch, opts: StepOptions): number {
  const { ctx } = opts;
  const aux = opts.auxiliaries ?? [];
  const requires = loss.requires;
  if (requires.exampleWeights && !opts.itemWeights) throw new Error(`trainStep: loss ${loss.name} needs per-example weights; pass itemWeights (e.g. inversePropensityWeights of the training click counts)`);
  const rows = batch.kind === 'sequences' ? sequenceRows(model, queue, batch, opts, aux) : historyRows(model, batch, opts, aux);
  const P = rows.positives.length;
  queue.prepare(rows.positives, ctx);
  const value = tf.tidy(() => {
    const { loss: v, grads, rows: sparseRows } = lossAndSparseGrads(model.params, optimizer.sparseNames, () => {
      const early = rows.encodeFirst ? rows.encode() : null;
      const k = queue.keys(rows.positives, ctx);
      if (requires.logQ && !k.logQ) throw new Error(`trainStep: loss ${loss.name} needs the proposal's logQ, which queue ${queue.name} does not give; use a sampler queue`);
      let logitMask = k.logitMask;
      const addMask = (m: tf.Tensor2D) => {
        logitMask = logitMask ? (tf.add(logitMask, m) as tf.Tensor2D) : m;
      };
      if (!k.userNegatives && opts.maskOwnItems) {
        addMask(denseMask(ownItemsMaskIndices(rows.rowUser, rows.userItems(), k.keyIds, k.positives.dataSync() as Int32Array), P, k.keyIds.length));
      } else if (opts.maskAccidentalHits) {
        if (k.userNegatives) {
          const kk = k.userNegatives.ids.length / P;
          addMask(tf.tensor2d(accidentalHitMaskPerUser(rows.positives, k.userNegatives.ids, kk), [P, kk]));
        } else {
          addMask(tf.tensor2d(accidentalHitMask(rows.positives, k.keyIds, k.positives.dataSync() as Int32Array), [P, k.keyIds.length]));
        }
      }
      const w = opts.itemWeights;
      const exampleWeights = w ? tf.tensor1d(Float32Array.from(rows.positives, (id) => w[id])) : undefined;
      const users = early ?? rows.encode();
      let total = loss.compute({
        users, keys: k.keys, positives: k.positives, logQ: k.logQ, userNegatives: k.userNegatives?.vectors, logitMask, exampleWeights,
      });
      if (batch.kind !== 'sequences') for (const a of aux) total = tf.add(total, a.loss(users, batch));
      return total;
    });
    optimizer.apply(grads, sparseRows);
    return v.dataSync()[0];
  });
  queue.commit(ctx);
  for (const a of aux) a.commit?.();
  return value;
}

/** Rows of a history batch: f(history) per row, own items = the history and the positive. */
function historyRows(model: StepModel, batch: HistoryStepBatch, opts: StepOptions, aux: StepAuxiliary[]): StepRows {
  const encoders = aux.filter((a) => a.encodeUsers);
  if (encoders.length > 1) throw new Error(`trainStep: auxiliaries ${encoders.map((a) => a.name).join(', ')} all replace the user encoding; at most one may`);
  const encoder = encoders[0];
  let longest = 1;
  for (const h of batch.histories) longest = Math.max(longest, h.length);
  const host = packHistories(batch.histories, Math.min(opts.maxLen, longest), batch.times);
  const B = batch.positives.length;
  return {
    positives: batch.positives,
    rowUser: Int32Array.from({ length: B }, (_, i) => i),
    userItems: () => batch.histories.map((h, i) => [...Array.from(h), batch.positives[i]]),
    encode: () => {
      const seq = toSequenceBatch(host);
      return encoder?.encodeUsers ? encoder.encodeUsers(seq) : model.user.encode(seq);
    },
    encodeFirst: false,
  };
}

/** Rows of a sequence batch: every real position, its causal state, own items = the whole sequence. */
function sequenceRows(model: StepModel, queue: NegativeQueue, batch: SequenceStepBatch, opts: StepOptions, aux: StepAuxiliary[]): StepRows {
  const encoder = model.sequence;
  if (!encoder) throw new Error('trainStep: the model has no per-position user encoder (use --user-encoder sasrec, or --train-positions last)');
  if (aux.length) throw new Error(`${aux.map((a) => a.name).join(', ')}: needs one user vector per (history, next click) example; use --train-positions last`);
  const packed = chunkSequences(batch.sequences, opts.maxLen);
  const P = packed.positives.length;
  if (P === 0) throw new Error('trainStep: no sequence in the batch has two or more clicks');
  if (queue.kind === 'fifo' && queue.capacity > 0 && P > queue.capacity) {
    throw new Error(`trainStep: this batch has ${P} positions but the ${queue.name} queue holds ${queue.capacity}; raise --queue-size to at least --batch-size x --max-len (${batch.sequences.length} x ${opts.maxLen})`);
  }
  return {
    positives: packed.positives,
    rowUser: packed.rows,
    userItems: () => batch.sequences,
    encode: () => {
      const parts = packed.chunks.map((c, i) => {
        const states = encoder.encodeSequence(toSequenceBatch(c.packed.inputs), { dropoutSeed: batch.dropoutSeed + 104729 * i }); // [b,T,d]
        return tf.gather(tf.reshape(states, [-1, encoder.dim]), tf.tensor1d(c.packed.flat, 'int32')) as tf.Tensor2D;
      });
      return (parts.length === 1 ? parts[0] : tf.concat(parts, 0)) as tf.Tensor2D;
    },
    encodeFirst: true,
  };
}
