/**
 * Default number of time-bucket rows: bucket 0 (unknown time / padding) plus 20 log-spaced buckets
 * that reach from "under a minute" to "over a year" (see {@link timeBucket}).
 */
export const DEFAULT_TIME_BUCKETS = 21;

/** Width of the first bucket in seconds: bucket k ≥ 1 starts at 60 · (2^(k−1) − 1) s. */
export const TIME_BUCKET_UNIT_SECONDS = 60;

/**
 * Log-spaced bucket of the interval between the query time and a click time (KDD App. B.1.1, the
 * "time bucket embedding"): bucket 0 is reserved for an unknown time (and padding); an interval of
 * Δ = query − click seconds goes to bucket 1 + floor(log2(1 + Δ / 60)), clamped to `numBuckets − 1`.
 * So bucket 1 is Δ < 1 min, 2 is [1, 3) min, 3 is [3, 7) min, …, bucket 11 starts at ≈ 17 h,
 * bucket 19 at ≈ 6 months. Negative intervals (clock skew) count as 0.
 * @param deltaSeconds query time minus click time, seconds (NaN = unknown)
 * @param numBuckets rows of the time table, ≥ 2
 */
export function timeBucket(deltaSeconds: number, numBuckets = DEFAULT_TIME_BUCKETS): number {
  if (!Number.isFinite(deltaSeconds)) return 0;
  const d = Math.max(0, deltaSeconds);
  return Math.min(numBuckets - 1, 1 + Math.floor(Math.log2(1 + d / TIME_BUCKET_UNIT_SECONDS)));
}
