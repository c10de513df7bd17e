/**
 * Impressions per item-degree bucket (KDD Figures 3 and 4): group items into log-spaced buckets of
 * their degree (training clicks or exposures) and count how often each bucket's items appear in
 * the recommended top-K lists. A popularity-biased model piles its impressions into the high-degree
 * buckets (the Matthew effect); comparing with the data's own distribution
 * ({@link degreeBucketCounts}) shows whether a model amplifies or reduces that bias.
 */

/** One degree bucket: items with degree in `[lo, hi)`. */
export interface DegreeBucket {
  /** Inclusive lower degree bound (0 for the first bucket, then `base^(b-1)`). */
  lo: number;
  /** Exclusive upper degree bound (1 for the first bucket, then `base^b`). */
  hi: number;
  /** Number of item ids (padding excluded) whose degree falls in the bucket. */
  items: number;
  /** Total impressions of the bucket's items (see the producing function). */
  impressions: number;
}

/** Options for {@link degreeBucketImpressions} and {@link degreeBucketCounts}. */
export interface DegreeBucketOptions {
  /** Ratio between successive bucket bounds, `> 1`. Default 2: `[0,1), [1,2), [2,4), [4,8), …`. */
  base?: number;
  /** Item 0 is the padding id: not counted, and an error in a top-K list. Default `true`. */
  ignoreIndex0?: boolean;
}

/** Bucket index of degree `d`: 0 for `d < 1`, else `b >= 1` with `base^(b-1) <= d < base^b`. */
function bucketOf(d: number, base: number): number {
  if (d < 1) return 0;
  let b = Math.floor(Math.log(d) / Math.log(base)) + 1;
  // correct floating-point error at exact powers of the base
  while (b > 1 && Math.pow(base, b - 1) > d) b--;
  while (Math.pow(base, b) <= d) b++;
  return b;
}

/** Validates degrees and options; returns empty buckets and each item's bucket index. */
function setup(itemDegree: ArrayLike<number>, opts: DegreeBucketOptions, what: string) {
  const base = opts.base ?? 2;
  if (!Number.isFinite(base) || base <= 1) throw new RangeError(`${what}: base must be a finite number > 1, got ${base}`);
  const start = opts.ignoreIndex0 === false ? 0 : 1;
  const n = itemDegree.length;
  const bucketIdx = new Int32Array(n).fill(-1);
  let maxBucket = 0;
  for (let i = start; i < n; i++) {
    const d = itemDegree[i];
    if (!Number.isFinite(d) || d < 0) throw new RangeError(`${what}: itemDegree[${i}] = ${d} is not a finite degree >= 0`);
    bucketIdx[i] = bucketOf(d, base);
    maxBucket = Math.max(maxBucket, bucketIdx[i]);
  }
  const buckets: DegreeBucket[] = [];
  for (let b = 0; b <= maxBucket; b++) {
    buckets.push({ lo: b === 0 ? 0 : Math.pow(base, b - 1), hi: Math.pow(base, b), items: 0, impressions: 0 });
  }
  for (let i = start; i < n; i++) buckets[bucketIdx[i]].items++;
  return { buckets, bucketIdx, start };
}

/**
 * Impressions each degree bucket receives from a recommender: for every slot of every user's top-K
 * list, +1 to the bucket of the recommended item's degree.
 *
 * Buckets run contiguously from `[0, 1)` up to the bucket of the largest degree (empty ones
 * included, so plots of several models share the x axis); `Σ impressions = total #slots`.
 *
 * @param topK - one list of recommended item ids per user.
 * @param itemDegree - degree per item id (index = id), e.g. training clicks; finite, `>= 0`.
 * @param opts - bucket base (default 2) and padding policy.
 * @returns buckets in increasing degree order.
 * @throws RangeError on a bad base or degree, or an id outside the catalogue (or 0 when ignored).
 */
export function degreeBucketImpressions(
  topK: readonly ArrayLike<number>[],
  itemDegree: ArrayLike<number>,
  opts: DegreeBucketOptions = {},
): DegreeBucket[] {
  const { buckets, bucketIdx, start } = setup(itemDegree, opts, 'degreeBucketImpressions');
  topK.forEach((list, u) => {
    for (let j = 0; j < list.length; j++) {
      const id = list[j];
      if (!Number.isInteger(id) || id < start || id >= itemDegree.length) {
        throw new RangeError(`degreeBucketImpressions: topK[${u}][${j}] = ${id} is not an item id in [${start}, ${itemDegree.length})`);
      }
      buckets[bucketIdx[id]].impressions++;
    }
  });
  return buckets;
}

/**
 * The data's own impressions per degree bucket: `impressions` = sum of the degrees of the bucket's
 * items (each click of an item is one "impression" the data gives it). Same buckets as
 * {@link degreeBucketImpressions} for the same `itemDegree` and `base`; divide each series by its
 * total to compare shapes.
 *
 * @param itemDegree - degree per item id (index = id); finite, `>= 0`.
 * @param opts - bucket base (default 2) and padding policy.
 * @returns buckets in increasing degree order.
 */
export function degreeBucketCounts(itemDegree: ArrayLike<number>, opts: DegreeBucketOptions = {}): DegreeBucket[] {
  const { buckets, bucketIdx, start } = setup(itemDegree, opts, 'degreeBucketCounts');
  for (let i = start; i < itemDegree.length; i++) buckets[bucketIdx[i]].impressions += itemDegree[i];
  return buckets;
}
