import * as tf from '@tensorflow/tfjs';
import { accidentalHitMask, accidentalHitMaskPerUser, lossAndSparseGrads, type Loss, type NegativeQueue, type Optimizer, type QueueContext } from '@clrec/core';
import { packHistories, type SasRecEncoder, toSequenceBatch } from '@clrec/encoders';
import type { Model } from './model';
import { denseMask, ownItemsMaskIndices } from './own-items-mask';

/** The packed inputs of a {@link sequenceTrainStep}: one row per sequence, one loss row per real position. */
export interface PackedSequences {
  /** Input rows `[B, T]` (left-padded, the last `maxLen` inputs of each sequence). */
  inputs: ReturnType<typeof packHistories>;
  /** Flat index `r * T + t` of each position that carries a loss, row-major. */
  flat: Int32Array;
  /** The item each such position must predict (the click after it). */
  positives: Int32Array;
  /** The sequence (row) of each such position. */
  rows: Int32Array;
}

/**
 * Packs sequences for the every-position loss: the input of a sequence s (length n ≥ 2) is
 * s[0..n−2] and position t's target is s[t+1] (each click predicts the next one, SASRec style); only
 * the last `maxLen` positions are kept. Sequences shorter than 2 contribute no position.
 */
export function packSequences(sequences: ArrayLike<number>[], maxLen: number): PackedSequences {
  let longest = 1;
  for (const s of sequences) longest = Math.max(longest, s.length - 1);
  const T = Math.min(maxLen, longest);
  const ins: ArrayLike<number>[] = [];
  const outs: ArrayLike<number>[] = [];
  for (const s of sequences) {
    const a = Array.from(s);
    ins.push(a.slice(0, Math.max(0, a.length - 1)));
    outs.push(a.slice(1));
  }
  const inputs = packHistories(ins, T);
  const targets = packHistories(outs, T).items;
  const flat: number[] = [];
  for (let i = 0; i < targets.length; i++) if (inputs.mask[i] > 0) flat.push(i);
  const f = Int32Array.from(flat);
  return { inputs, flat: f, positives: f.map((i) => targets[i]), rows: f.map((i) => Math.floor(i / T)) };
}

/** Fewest rows per encoder call of {@link sequenceTrainStep} (fewer, larger calls: tfjs has a per-op cost). */
export const SEQUENCE_CHUNK_ROWS = 16;

/** A batch split into length-sorted chunks, each packed to its own longest sequence. */
export interface SequenceChunks {
  /** Each chunk: its rows' indices into the batch and their packing. */
  chunks: { rows: Int32Array; packed: PackedSequences }[];
  /** Positive of every loss row, chunk after chunk (the order of the encoder states). */
  positives: Int32Array;
  /** Batch row (sequence index) of every loss row, same order. */
  rows: Int32Array;
}

/**
 * Sorts the batch's sequences by length and packs them in chunks, so a batch with a few long
 * sequences does not pad every row to the longest: from the longest down, a chunk takes at least
 * `minRows` rows and then every row at least half as long as its first (so padding is at most half of
 * a chunk beyond its first `minRows` rows). Exact: padding never changes an output.
 */
export function chunkSequences(sequences: ArrayLike<number>[], maxLen: number, minRows = SEQUENCE_CHUNK_ROWS): SequenceChunks {
  const inputLen = (r: number) => Math.min(maxLen, Math.max(0, sequences[r].length - 1));
  const order = Array.from(sequences.keys()).sort((a, b) => inputLen(a) - inputLen(b) || a - b);
  const groups: number[][] = [];
  for (let end = order.length; end > 0;) {
    const longest = inputLen(order[end - 1]);
    let start = Math.max(0, end - minRows);
    while (start > 0 && 2 * inputLen(order[start - 1]) >= longest) start--;
    groups.unshift(order.slice(start, end));
    end = start;
  }
  const chunks: SequenceChunks['chunks'] = [];
  const positives: number[] = [];
  const rows: number[] = [];
  for (const group of groups) {
    const idx = Int32Array.from(group);
    const packed = packSequences(Array.from(idx, (r) => sequences[r]), maxLen);
    if (packed.positives.length === 0) continue;
    chunks.push({ rows: idx, packed });
    positives.push(...packed.positives);
    for (const r of packed.rows) rows.push(idx[r]);
  }
  return { chunks, positives: Int32Array.from(positives), rows: Int32Array.from(rows) };
}

/** Options of {@link sequenceTrainStep}. */
export interface SequenceStepOptions {
  maxLen: number;
  ctx: QueueContext;
  /** Seed of this step's dropout masks (draw it from the checkpointed sampler RNG for exact resumes). */
  dropoutSeed: number;
  /** Mask negatives that are the same item as the row's positive. */
  maskAccidentalHits?: boolean;
  /** Mask negatives the row's user clicked anywhere in `sequences[row]` (the authors' SASRec code). */
  maskOwnItems?: boolean;
  /** Per-item example weight (e.g. inverse propensities for IPW), indexed by item id. */
  itemWeights?: Float32Array;
}

/**
 * One training step with a loss at every position (the CLRec public-benchmark recipe on SASRec):
 * each real position t of each sequence is a loss row whose user vector is the causal encoder state
 * after click t and whose positive is click t+1. All rows' positives go through the negative queue
 * like a batch of that many examples (`queue.prepare` → `keys` → loss → one optimizer update →
 * `commit`), so any Loss / NegativeQueue pair works; the loss is the mean over rows.
 * @returns the mean loss over the batch's positions
 */
export function sequenceTrainStep(
  model: Model,
  loss: Loss,
  queue: NegativeQueue,
  adam: Optimizer,
  sequences: ArrayLike<number>[],
  opts: SequenceStepOptions,
): number {
  const encoder: SasRecEncoder | null = model.sequence;
  if (!encoder) throw new Error('sequenceTrainStep: the model has no per-position user encoder (use --user-encoder sasrec, or --train-positions last)');
  const { ctx } = opts;
  const packed = chunkSequences(sequences, opts.maxLen);
  const P = packed.positives.length;
  if (P === 0) throw new Error('sequenceTrainStep: no sequence in the batch has two or more clicks');
  const fifo = ['inter', 'cached', 'moco'].includes(queue.name);
  if (fifo && P > queue.capacity) {
    throw new Error(`sequenceTrainStep: this batch has ${P} positions but the ${queue.name} queue holds ${queue.capacity}; raise --queue-size to at least --batch-size x --max-len (${sequences.length} x ${opts.maxLen})`);
  }
  queue.prepare(packed.positives, ctx);
  const value = tf.tidy(() => {
    const seqs = packed.chunks.map((c) => ({ seq: toSequenceBatch(c.packed.inputs), flat: tf.tensor1d(c.packed.flat, 'int32') }));
    const { loss: v, grads, rows } = lossAndSparseGrads(model.params, adam.sparseNames, () => {
      const parts = seqs.map(({ seq, flat }, c) => {
        const states = encoder.encodeSequence(seq, { dropoutSeed: opts.dropoutSeed + 104729 * c }); // [b,T,d]
        return tf.gather(tf.reshape(states, [-1, encoder.dim]), flat) as tf.Tensor2D;
      });
      const users = (parts.length === 1 ? parts[0] : tf.concat(parts, 0)) as tf.Tensor2D;
      const k = queue.keys(packed.positives, ctx);
      let logitMask = k.logitMask;
      const addMask = (m: tf.Tensor2D) => {
        logitMask = logitMask ? (tf.add(logitMask, m) as tf.Tensor2D) : m;
      };
      if (k.userNegatives && opts.maskAccidentalHits) {
        const kk = k.userNegatives.ids.length / P;
        addMask(tf.tensor2d(accidentalHitMaskPerUser(packed.positives, k.userNegatives.ids, kk), [P, kk]));
      } else if (!k.userNegatives && (opts.maskOwnItems || opts.maskAccidentalHits)) {
        const pos = k.positives.dataSync() as Int32Array;
        const K = k.keyIds.length;
        if (opts.maskOwnItems) addMask(denseMask(ownItemsMaskIndices(packed.rows, sequences, k.keyIds, pos), P, K));
        else addMask(tf.tensor2d(accidentalHitMask(packed.positives, k.keyIds, pos), [P, K]));
      }
      const w = opts.itemWeights;
      const exampleWeights = w ? tf.tensor1d(Float32Array.from(packed.positives, (id) => w[id])) : undefined;
      return loss.compute({
        users, keys: k.keys, positives: k.positives, logQ: k.logQ, userNegatives: k.userNegatives?.vectors, logitMask, exampleWeights,
      });
    });
    adam.apply(grads, rows);
    return v.dataSync()[0];
  });
  queue.commit(ctx);
  return value;
}
