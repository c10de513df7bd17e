/** Options of {@link inversePropensityWeights}. */
export interface InversePropensityOptions {
  /** Cap on a weight, as a multiple of the count-weighted mean of the unclipped weights; default 10. */
  clip?: number;
  /** Add-k smoothing of the counts, so unseen items get a finite propensity; default 1. */
  smoothing?: number;
}

/**
 * Per-item inverse propensity weights for the IPW loss (KDD Eq. 4) from observed counts (exposures,
 * impressions or, as a popularity proxy, clicks), indexed by item id. Steps:
 *  1. q(y) = (counts[y] + smoothing) / Σ_y' (counts[y'] + smoothing) — the propensity estimate;
 *  2. w(y) = 1 / q(y);
 *  3. clip: w(y) ← min(w(y), clip · w̄), w̄ = Σ_y counts[y]·w(y) / Σ_y counts[y] (the mean weight per
 *     training example, since item y carries counts[y] examples) — rare items otherwise get huge
 *     weights whose variance swamps the gradient;
 *  4. rescale so the count-weighted mean Σ counts[y]·w(y) / Σ counts[y] is 1, keeping the loss scale.
 * Because step 4 follows the clip, the final max/mean ratio can slightly exceed `clip`. Entries with a
 * zero count (e.g. padding id 0) still get a weight but do not affect the means.
 * @param counts non-negative count per item id, length = number of ids
 * @returns Float32Array of the same length, dimensionless weights (count-weighted mean 1)
 */
export function inversePropensityWeights(counts: ArrayLike<number>, opts: InversePropensityOptions = {}): Float32Array {
  const clip = opts.clip ?? 10;
  const smoothing = opts.smoothing ?? 1;
  if (!(clip > 0)) throw new Error(`inversePropensityWeights: clip must be > 0, got ${clip}`);
  if (!(smoothing >= 0)) throw new Error(`inversePropensityWeights: smoothing must be >= 0, got ${smoothing}`);
  const n = counts.length;
  let total = 0;
  let mass = 0;
  for (let i = 0; i < n; i++) {
    const c = counts[i];
    if (!(c >= 0) || !Number.isFinite(c)) throw new Error(`inversePropensityWeights: counts[${i}] = ${c} is not a finite non-negative number`);
    total += c + smoothing;
    mass += c;
  }
  if (!(mass > 0)) throw new Error('inversePropensityWeights: counts must have a positive sum');
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = counts[i] + smoothing;
    w[i] = s > 0 ? total / s : Infinity; // count 0 without smoothing: q = 0, clipped below
  }
  const countMean = (): number => {
    let acc = 0;
    for (let i = 0; i < n; i++) if (counts[i] > 0) acc += counts[i] * w[i];
    return acc / mass;
  };
  const cap = clip * countMean();
  for (let i = 0; i < n; i++) w[i] = Math.min(w[i], cap);
  const m = countMean();
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = w[i] / m;
  return out;
}
