import { Rng, topK } from '@clrec/core';
import { buildWorld, preference, sampleCdf, type SimSettings } from './simulator-world';
import type { SequenceDataset } from './types';

/**
 * Settings of the exposure-bias simulator, the project's built-in default dataset. All optional;
 * the defaults generate ~150k clicks in well under 3 s.
 */
export interface SimulatorOptions {
  /** RNG seed; same seed, same dataset. Default 2024. */
  seed?: number;
  /** Number of users. Default 6000. */
  numUsers?: number;
  /** Number of items (dense ids 1..numItems). Default 3000. */
  numItems?: number;
  /** Number of item categories (item feature `'category'`). Default 30. */
  numCategories?: number;
  /** Dimension of the true latent factors. Default 16. */
  latentDim?: number;
  /** Mean clicks per user (log-normal, at least 5). Default 25. */
  meanClicks?: number;
  /** Items shown per impression by the old system. Default 20. */
  exposureSize?: number;
  /** Exponent on the popularity prior in the old system's exposure policy (0 = uniform). Default 1. */
  popularityBias?: number;
  /** Probability (0..1) that an exposure slot is personalised (drawn from the user's interest category). Default 0.3. */
  personalization?: number;
  /** Probability that a personalised slot uses the category of the session's last click. Default 0.7. */
  stickiness?: number;
  /** Exponent of the Zipf popularity prior (weight of rank r = 1/(r+1)^s). Default 1. */
  zipfExponent?: number;
  /** Unix seconds of the earliest possible session. Default 1_600_000_000 (2020-09-13). */
  startTime?: number;
  /** Length of the simulated period in days; each user is active over 70-100% of it. Default 90. */
  horizonDays?: number;
}

/** The hidden ground truth behind a simulated dataset, for debiasing diagnostics. */
export interface SimulatorTruth {
  /** True user factors, row-major numUsers x latentDim (unit-norm rows). */
  userFactors: Float32Array;
  /** True item factors, row-major (numItems+1) x latentDim; row 0 (padding) is zeros. */
  itemFactors: Float32Array;
  /** 0-based category per item id (length numItems+1; -1 for the padding item 0). */
  itemCategory: Int32Array;
  /** The intrinsic popularity prior the old system's exposure is based on (sums to 1, index 0 = 0). */
  itemPopularity: Float64Array;
  /** Number of impressions each item received (length numItems+1). */
  exposures: Int32Array;
  /** The `k` items with the highest true preference dot(user, item) for dense user `user`, best first. */
  trueTopK(user: number, k: number): Int32Array;
}

function settings(o: SimulatorOptions): SimSettings {
  const s: SimSettings = {
    seed: o.seed ?? 2024, numUsers: o.numUsers ?? 6000, numItems: o.numItems ?? 3000,
    numCategories: o.numCategories ?? 30, latentDim: o.latentDim ?? 16, meanClicks: o.meanClicks ?? 25,
    exposureSize: o.exposureSize ?? 20, popularityBias: o.popularityBias ?? 1, personalization: o.personalization ?? 0.3,
    stickiness: o.stickiness ?? 0.7, zipfExponent: o.zipfExponent ?? 1, startTime: o.startTime ?? 1_600_000_000,
    horizonDays: o.horizonDays ?? 90,
  };
  const int = (k: keyof SimSettings, min: number) => {
    if (!Number.isInteger(s[k]) || s[k] < min) throw new Error(`simulate: ${k} must be an integer >= ${min}, got ${s[k]}`);
  };
  const real = (k: keyof SimSettings, lo: number, hi: number) => {
    if (!(s[k] >= lo && s[k] <= hi)) throw new Error(`simulate: ${k} must be in [${lo}, ${hi}], got ${s[k]}`);
  };
  int('numUsers', 1); int('numItems', 5); int('numCategories', 1); int('latentDim', 1); int('exposureSize', 1);
  if (!Number.isInteger(s.seed)) throw new Error(`simulate: seed must be an integer, got ${s.seed}`);
  if (s.numCategories > s.numItems) throw new Error(`simulate: numCategories (${s.numCategories}) must be <= numItems (${s.numItems})`);
  real('meanClicks', 1, 1e6); real('popularityBias', 0, 10); real('personalization', 0, 1); real('stickiness', 0, 1);
  real('zipfExponent', 0, 10); real('startTime', 0, 1e11); real('horizonDays', 0.01, 1e5);
  return s;
}

const CLICK_SCALE = 6;
const CLICK_OFFSET = 4;
const DAY = 86_400;

/**
 * Generates a click log with a known ground truth, biased the way real logs are: an "old system"
 * shows `exposureSize` items per impression, each slot drawn with probability proportional to
 * popularity^popularityBias — or, with probability `personalization`, from the user's current
 * interest category (the last click's category with probability `stickiness`, else a favourite),
 * still popularity-weighted within it. The user clicks each shown item independently with
 * probability sigmoid(6 * dot(user, item) - 4), never the same item twice. Sessions are 1+
 * impressions (seconds to minutes apart, 50% chance to end after each); a user's first session
 * starts within 10 days of `startTime` and the random between-session gaps are scaled so the user
 * stays active until 70-100% of `horizonDays`, so (as with the active users of a real log) most
 * users straddle a temporal split's cut times. Timestamps are whole unix seconds, non-decreasing
 * per user. Each user gets max(5, log-normal around meanClicks) clicks (at most numItems).
 *
 * Deterministic given the seed (all randomness from `Rng`). The dataset is named `'sim'`, has
 * timestamps and the item feature `'category'` (value = category + 1). Every item id 1..numItems
 * exists even if it was never clicked.
 */
export function simulate(opts: SimulatorOptions = {}): { dataset: SequenceDataset; truth: SimulatorTruth } {
  const s = settings(opts);
  const rng = new Rng(s.seed);
  const w = buildWorld(s, rng);
  const { numUsers: U, numItems: N, latentDim: d } = s;
  const exposures = new Int32Array(N + 1);
  const clicked = new Uint8Array(N + 1);
  const sequences: Int32Array[] = [];
  const timestamps: Float64Array[] = [];
  const shown = new Int32Array(s.exposureSize);
  for (let u = 0; u < U; u++) {
    const target = Math.min(N, Math.max(5, Math.round(s.meanClicks * Math.exp(0.5 * rng.normal() - 0.125))));
    const seq = new Int32Array(target);
    const ts = new Float64Array(target);
    const fav = w.favourites[u];
    let n = 0;
    const start = s.startTime + rng.float() * 10 * DAY;
    const span = s.horizonDays * DAY * (0.7 + 0.3 * rng.float()) - (start - s.startTime);
    const gapAt = new Float64Array(target); // sum of between-session gaps before each click
    let t = 0; // seconds spent inside sessions
    let g = 0; // sum of between-session gaps (unscaled)
    let lastCat = -1;
    const cap = 200 * target;
    for (let step = 0; n < target; step++) {
      for (let k = 0; k < shown.length; k++) {
        let item: number;
        if (rng.float() < s.personalization) {
          const c = lastCat >= 0 && rng.float() < s.stickiness ? lastCat : fav.cats[rng.categorical(fav.weights)];
          item = w.catItems[c][sampleCdf(w.catCdf[c], rng.float())];
        } else {
          item = sampleCdf(w.globalCdf, rng.float()) + 1;
        }
        shown[k] = item;
        exposures[item]++;
      }
      let best = -1;
      let bestP = -Infinity;
      for (let k = 0; k < shown.length && n < target; k++) {
        const item = shown[k];
        if (clicked[item]) continue;
        const p = preference(w, d, u, item);
        if (p > bestP) { best = item; bestP = p; }
        if (rng.float() < 1 / (1 + Math.exp(-(CLICK_SCALE * p - CLICK_OFFSET)))) {
          clicked[item] = 1;
          t += 30 + rng.int(270);
          seq[n] = item;
          gapAt[n] = g;
          ts[n++] = t;
          lastCat = w.itemCategory[item];
        }
      }
      // Fallback for pathological settings: past the cap, click the best shown (or any) unclicked item.
      if (step >= cap && n < target) {
        if (best < 0 || clicked[best]) do best = 1 + rng.int(N); while (clicked[best]);
        clicked[best] = 1;
        seq[n] = best;
        gapAt[n] = g;
        ts[n++] = t += 60;
      }
      t += 10 + rng.int(50);
      if (rng.float() < 0.5) {
        g += 0.05 + -Math.log(1 - rng.float());
        lastCat = -1;
      }
    }
    // Spread the sessions over the user's active span (gaps rescaled; in-session times kept).
    const gaps = gapAt[n - 1];
    const scale = gaps > 0 ? Math.max(0, span - ts[n - 1]) / gaps : 0;
    for (let k = 0; k < n; k++) {
      clicked[seq[k]] = 0;
      ts[k] = Math.round(start + gapAt[k] * scale + ts[k]);
    }
    sequences.push(seq);
    timestamps.push(ts);
  }
  const dataset: SequenceDataset = {
    name: 'sim',
    numUsers: U,
    numItems: N,
    userIds: Array.from({ length: U }, (_, u) => String(u + 1)),
    itemIds: Array.from({ length: N + 1 }, (_, i) => (i === 0 ? '' : String(i))),
    sequences,
    timestamps,
    itemFeatures: [{
      name: 'category', cardinality: s.numCategories + 1, values: w.itemCategory.map((c) => c + 1),
      labels: ['unknown', ...Array.from({ length: s.numCategories }, (_, c) => `category ${c}`)],
    }],
    report: {
      file: 'sim', linesRead: 0, interactions: sequences.reduce((a, q) => a + q.length, 0),
      skipped: { count: 0, reasons: {}, examples: [] },
      notes: [`simulated: ${JSON.stringify(s)}`],
    },
  };
  const truth: SimulatorTruth = {
    userFactors: w.userFactors, itemFactors: w.itemFactors, itemCategory: w.itemCategory,
    itemPopularity: w.itemPopularity, exposures,
    trueTopK(user: number, k: number): Int32Array {
      if (!(user >= 0 && user < U)) throw new Error(`trueTopK: user must be in 0..${U - 1}, got ${user}`);
      const take = Math.floor(k);
      if (!(take >= 1) || N === 0) return new Int32Array(0);
      // scores[j] = preference of item id j + 1; the library's top-K (ties by the lower id)
      const scores = new Float64Array(N);
      for (let j = 0; j < N; j++) scores[j] = preference(w, d, user, j + 1);
      return topK(scores, take).map((j) => j + 1);
    },
  };
  return { dataset, truth };
}
