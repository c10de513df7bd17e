import * as tf from '@tensorflow/tfjs';
import type { SequenceBatch } from '@clrec/core';
import { DEFAULT_TIME_BUCKETS, timeBucket } from './time-buckets';

/**
 * A {@link SequenceBatch} that may also carry the time bucket of each click (see `timeBucket`):
 * int32 `[batch, maxLen]`, 0 = unknown time or padding. User encoders built with a time table add
 * its row to each click's embedding; without this field every click counts as "unknown time".
 */
export interface TimedSequenceBatch extends SequenceBatch {
  /** Time bucket of each slot, int32 `[batch, maxLen]` (0 = unknown / padding). */
  timeBuckets?: tf.Tensor2D;
}

/** Click and query times for {@link packHistories}: per row, the click times and the time of the query. */
export interface HistoryTimes {
  /** Per row, the unix seconds of each click (aligned with the history), or null when unknown. */
  clickTimes: (ArrayLike<number> | null)[];
  /** Per row, when the query is made (e.g. the target click's time), or null when unknown. */
  queryTimes: (number | null)[];
  /** Rows of the time table (default {@link DEFAULT_TIME_BUCKETS}). */
  numBuckets?: number;
}

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
  /** Time bucket of each slot (0 = unknown / padding), present when times were given. */
  timeBuckets?: Int32Array;
}

/**
 * Packs histories into a left-padded batch, keeping the most recent `maxLen` clicks of each.
 * With `times`, each kept click also gets the log-spaced bucket of (query time − click time); a row
 * without click or query time gets bucket 0 (unknown) throughout.
 * @param histories chronological dense item ids per row
 */
export function packHistories(histories: ArrayLike<number>[], maxLen: number, times?: HistoryTimes): HostSequenceBatch {
  if (!(maxLen >= 1)) throw new Error(`packHistories: maxLen must be >= 1, got ${maxLen}`);
  const batch = histories.length;
  if (times && (times.clickTimes.length !== batch || times.queryTimes.length !== batch)) {
    throw new Error(`packHistories: ${batch} histories but ${times.clickTimes.length} click-time rows and ${times.queryTimes.length} query times`);
  }
  const items = new Int32Array(batch * maxLen);
  const mask = new Float32Array(batch * maxLen);
  const positions = new Int32Array(batch * maxLen);
  const timeBuckets = times ? new Int32Array(batch * maxLen) : undefined;
  const numBuckets = times?.numBuckets ?? DEFAULT_TIME_BUCKETS;
  for (let r = 0; r < batch; r++) {
    const h = histories[r];
    const n = Math.min(h.length, maxLen);
    const off = r * maxLen + (maxLen - n);
    const src = h.length - n;
    const clicks = times?.clickTimes[r] ?? null;
    const query = times?.queryTimes[r] ?? null;
    if (clicks && clicks.length !== h.length) throw new Error(`packHistories: row ${r} has ${h.length} clicks but ${clicks.length} click times`);
    for (let j = 0; j < n; j++) {
      items[off + j] = h[src + j];
      mask[off + j] = 1;
      positions[off + j] = j;
      if (timeBuckets && clicks && query !== null) timeBuckets[off + j] = timeBucket(query - clicks[src + j], numBuckets);
    }
  }
  return { batch, maxLen, items, mask, positions, timeBuckets };
}

/** Uploads a host batch to tensors. The caller disposes them (or creates them inside a tidy). */
export function toSequenceBatch(host: HostSequenceBatch): TimedSequenceBatch {
  const shape: [number, number] = [host.batch, host.maxLen];
  const out: TimedSequenceBatch = {
    items: tf.tensor2d(host.items, shape, 'int32'),
    mask: tf.tensor2d(host.mask, shape, 'float32'),
    positions: tf.tensor2d(host.positions, shape, 'int32'),
  };
  if (host.timeBuckets) out.timeBuckets = tf.tensor2d(host.timeBuckets, shape, 'int32');
  return out;
}
