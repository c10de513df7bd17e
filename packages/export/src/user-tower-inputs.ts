import { packHistories } from '@clrec/encoders';
import type { HistoryQuery } from '@clrec/training';

/** The input tensors of an exported user tower, row-major `[batch, maxLen]` int64. */
export interface UserTowerInputs {
  /** `item_ids`: dense item ids, 0 = padding. */
  itemIds: BigInt64Array;
  /** `time_buckets` (only when asked for with `timeBuckets` > 0): each click's time bucket, 0 = unknown / padding. */
  timeBuckets?: BigInt64Array;
  /** Rows. */
  batch: number;
  /** Columns (the graph's maxLen). */
  maxLen: number;
}

/**
 * Packs histories into the inputs of an exported user tower, as `encodeUsers` packs them: each row's
 * latest `maxLen` clicks, 0-padded on the left (`padding: 'right'` puts the clicks first instead; the
 * tower gives the same vectors), and with `timeBuckets` > 0 the time bucket of each click relative
 * to the query time (bucket 0 where a row has no click or query time).
 * @param timeBuckets rows of the model's time table (`export.json` `timeBuckets`), 0 for none
 */
export function packUserTowerInputs(queries: HistoryQuery[], maxLen: number, timeBuckets = 0, padding: 'left' | 'right' = 'left'): UserTowerInputs {
  const times = timeBuckets > 0
    ? { clickTimes: queries.map((q) => q.historyTimes ?? null), queryTimes: queries.map((q) => q.time ?? null), numBuckets: timeBuckets }
    : undefined;
  const host = packHistories(queries.map((q) => q.history), maxLen, times);
  const itemIds = new BigInt64Array(host.items.length);
  const buckets = host.timeBuckets ? new BigInt64Array(host.items.length) : undefined;
  for (let r = 0; r < host.batch; r++) {
    const n = Math.min(maxLen, queries[r].history.length);
    const shift = padding === 'right' ? maxLen - n : 0; // left-packed row r has its clicks at columns maxLen-n..maxLen-1
    for (let c = maxLen - n; c < maxLen; c++) {
      itemIds[r * maxLen + c - shift] = BigInt(host.items[r * maxLen + c]);
      if (buckets) buckets[r * maxLen + c - shift] = BigInt(host.timeBuckets![r * maxLen + c]);
    }
  }
  return { itemIds, timeBuckets: buckets, batch: host.batch, maxLen };
}
