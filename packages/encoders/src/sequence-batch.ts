import * as tf from '@tensorflow/tfjs';
import type { SequenceBatch } from '@clrec/core';

/** Host-side (plain typed array) form of a {@link SequenceBatch}, row-major `[batch, maxLen]`. */
export interface HostSequenceBatch {
  /** Number of rows. */
  batch: number;
  /** Columns per row. */
  maxLen: number;
  /** Dense item ids, 0 = padding, left-padded (latest click in the last column). */
  items: Int32Array;
  /** 1 = click, 0 = padding. */
  mask: Float32Array;
  /** Backward positions: 0 for the earliest kept click, increasing to the latest; 0 on padding. */
  positions: Int32Array;
}

/**
 * Packs histories into a left-padded batch, keeping the most recent `maxLen` clicks of each.
 * @param histories chronological dense item ids per row
 */
export function packHistories(histories: ArrayLike<number>[], maxLen: number): HostSequenceBatch {
  if (!(maxLen >= 1)) throw new Error(`packHistories: maxLen must be >= 1, got ${maxLen}`);
  const batch = histories.length;
  const items = new Int32Array(batch * maxLen);
  const mask = new Float32Array(batch * maxLen);
  const positions = new Int32Array(batch * maxLen);
  for (let r = 0; r < batch; r++) {
    const h = histories[r];
    const n = Math.min(h.length, maxLen);
    const off = r * maxLen + (maxLen - n);
    const src = h.length - n;
    for (let j = 0; j < n; j++) {
      items[off + j] = h[src + j];
      mask[off + j] = 1;
      positions[off + j] = j;
    }
  }
  return { batch, maxLen, items, mask, positions };
}

/** Uploads a host batch to tensors. The caller disposes them (or creates them inside a tidy). */
export function toSequenceBatch(host: HostSequenceBatch): SequenceBatch {
  const shape: [number, number] = [host.batch, host.maxLen];
  return {
    items: tf.tensor2d(host.items, shape, 'int32'),
    mask: tf.tensor2d(host.mask, shape, 'float32'),
    positions: tf.tensor2d(host.positions, shape, 'int32'),
  };
}
