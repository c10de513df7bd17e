/**
 * Negatives for the sampled evaluation protocol: each user's held-out item is ranked against a
 * fixed set of `count` (default 100) items the user never interacted with. The authors' public
 * benchmarks (KDD Table 8, following BERT4Rec) draw them in proportion to training-click frequency;
 * SASRec draws them uniformly. Drawing once per seed and saving the result (`saveEvalNegatives`)
 * lets every model be judged on the same candidates.
 */
import { deriveSeed, Rng } from '@clrec/spec';

/** How negatives are drawn: ∝ training frequency (authors / BERT4Rec) or uniformly (SASRec). */
export type NegativeSamplingMode = 'popularity' | 'uniform';

/** Input of {@link sampleEvalNegatives}. */
export interface SampleEvalNegativesOptions {
  /** Number of real items; ids are `1..numItems` and 0 is the padding id (never drawn). */
  numItems: number;
  /**
   * One entry per evaluated user: `exclude` = EVERY item the user interacted with (train,
   * validation and test), so neither the target nor a known positive can be a negative. Ids in
   * `[0, numItems]`; 0 (padding) and duplicates are tolerated.
   */
  users: readonly { exclude: ArrayLike<number> }[];
  /** Negatives per user. Default 100. */
  count?: number;
  /** Sampling distribution. Default `'popularity'` (the authors' protocol). */
  mode?: NegativeSamplingMode;
  /**
   * Training-click frequency per item id (length `numItems + 1`, index 0 ignored), required for
   * `'popularity'`, ignored for `'uniform'`. Items with frequency 0 can never be drawn.
   */
  itemCounts?: ArrayLike<number>;
  /** Integer seed: same seed and inputs, same negatives. */
  seed: number;
}

/** The drawn negatives plus what is needed to check and reproduce them. */
export interface EvalNegatives {
  /** Distribution used. */
  mode: NegativeSamplingMode;
  /** Requested negatives per user. */
  count: number;
  /** Seed used. */
  seed: number;
  /** Number of real items (ids `1..numItems`). */
  numItems: number;
  /** Per user (same order as the input), distinct item ids in ascending order; length `count` except for short users. */
  negatives: Int32Array[];
  /** Indices of users with fewer than `count` eligible items: they got all of them. */
  shortUsers: number[];
  /**
   * Optional: the caller's id of each row's user (e.g. the dense user index), same order as
   * `negatives`. Not set by {@link sampleEvalNegatives}; stored and checked by the file functions so
   * a reused file can be matched to the users it was drawn for.
   */
  users?: Int32Array;
  /**
   * Optional free-form description of what the negatives were drawn for (dataset fingerprint, split,
   * exclusion rule). Not set by {@link sampleEvalNegatives}; stored in the file for reuse checks.
   */
  tag?: string;
}

/** Validates the options and returns the per-item weights (index 0 = 0). */
function itemWeights(o: SampleEvalNegativesOptions, mode: NegativeSamplingMode): Float64Array {
  const n = o.numItems;
  const w = new Float64Array(n + 1);
  if (mode === 'uniform') {
    w.fill(1, 1);
    return w;
  }
  const c = o.itemCounts;
  if (c === undefined) throw new RangeError("sampleEvalNegatives: mode 'popularity' needs itemCounts");
  if (c.length !== n + 1) {
    throw new RangeError(`sampleEvalNegatives: itemCounts has length ${c.length}, expected numItems + 1 = ${n + 1}`);
  }
  for (let i = 1; i <= n; i++) {
    const v = c[i];
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`sampleEvalNegatives: itemCounts[${i}] = ${v} is not a finite count >= 0`);
    w[i] = v;
  }
  return w;
}

/** Index `i >= 1` of the first cumulative weight `> x` (the drawn item). */
function searchCdf(cum: Float64Array, x: number): number {
  let lo = 1;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Exact successive sampling without replacement (Efraimidis–Spirakis: keep the `count` largest
 * `log(u) / w`), used when rejection sampling would be slow. Same distribution as the rejection
 * path: each draw ∝ weight among the items not yet drawn.
 */
function exactSample(w: Float64Array, ex: Set<number>, count: number, rand: () => number): Int32Array {
  const ids: number[] = [];
  const keys: number[] = [];
  for (let i = 1; i < w.length; i++) {
    if (w[i] <= 0 || ex.has(i)) continue;
    ids.push(i);
    keys.push(Math.log(1 - rand()) / w[i]);
  }
  const order = ids.map((_, j) => j).sort((a, b) => keys[b] - keys[a] || ids[a] - ids[b]);
  return Int32Array.from(order.slice(0, count), (j) => ids[j]);
}

/**
 * Draws `count` distinct evaluation negatives per user, WITHOUT replacement, excluding the user's
 * items and the padding id 0.
 *
 * Each draw picks an item with probability ∝ its weight among the eligible items not drawn yet
 * (weight = training-click frequency for `'popularity'`, 1 for `'uniform'`); this is what
 * BERT4Rec-style "draw ∝ popularity, reject seen or repeated items" loops produce (so inclusion
 * probabilities are NOT exactly proportional to frequency once `count` is a sizeable share of the
 * mass). Implemented by rejection from the global distribution, switching to an exact weighted-key
 * method for the remaining draws when the user's excluded and drawn mass exceeds 90% of the total or a
 * draw keeps being rejected; both give each draw the same distribution.
 * Each user's stream is seeded from `(seed, user index)`, so a user's negatives do not depend on the
 * other users. A user with fewer than `count` eligible items (positive weight, not excluded) gets all
 * of them and is listed in `shortUsers`.
 *
 * @returns negatives per user (ascending ids) and the sampling parameters.
 * @throws RangeError on invalid options, counts, or excluded ids.
 */
export function sampleEvalNegatives(opts: SampleEvalNegativesOptions): EvalNegatives {
  const { numItems, seed } = opts;
  const count = opts.count ?? 100;
  const mode = opts.mode ?? 'popularity';
  if (!Number.isInteger(numItems) || numItems < 1) throw new RangeError(`sampleEvalNegatives: numItems must be a positive integer, got ${numItems}`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`sampleEvalNegatives: count must be a positive integer, got ${count}`);
  if (mode !== 'popularity' && mode !== 'uniform') throw new RangeError(`sampleEvalNegatives: unknown mode ${String(mode)}`);
  if (!Number.isInteger(seed)) throw new RangeError(`sampleEvalNegatives: seed must be an integer, got ${seed}`);
  const w = itemWeights(opts, mode);
  const cum = new Float64Array(numItems + 1);
  let positive = 0;
  for (let i = 1; i <= numItems; i++) {
    cum[i] = cum[i - 1] + w[i];
    if (w[i] > 0) positive++;
  }
  const total = cum[numItems];
  const negatives: Int32Array[] = [];
  const shortUsers: number[] = [];
  opts.users.forEach((user, u) => {
    const ex = new Set<number>();
    let exMass = 0;
    let exPositive = 0;
    for (let j = 0; j < user.exclude.length; j++) {
      const id = user.exclude[j];
      if (!Number.isInteger(id) || id < 0 || id > numItems) {
        throw new RangeError(`sampleEvalNegatives: users[${u}].exclude[${j}] = ${id} is not an item id in [0, ${numItems}]`);
      }
      if (id === 0 || ex.has(id)) continue;
      ex.add(id);
      exMass += w[id];
      if (w[id] > 0) exPositive++;
    }
    // One 32-bit word per draw (Rng.uniform32): the stream this package's former `seededRandom` gave,
    // so a seed draws the same negatives as before.
    const rng = new Rng(deriveSeed(seed, u));
    const rand = (): number => rng.uniform32();
    const eligible = positive - exPositive;
    if (eligible <= count) {
      if (eligible < count) shortUsers.push(u);
      negatives.push(exactSample(w, ex, count, rand).sort());
      return;
    }
    // Successive sampling: each step draws ∝ weight among the items still eligible. Rejection from
    // the global CDF gives exactly that step's distribution; when the rejected mass (excluded +
    // drawn) grows or a step keeps failing, the remaining steps switch to the exact weighted-key
    // method (with the drawn items excluded too), which leaves the overall distribution unchanged.
    const chosen = new Set<number>();
    let rejectedMass = exMass;
    let failures = 0;
    while (chosen.size < count && rejectedMass <= 0.9 * total && failures < 64) {
      const id = searchCdf(cum, rand() * total);
      if (ex.has(id) || chosen.has(id)) {
        failures++;
        continue;
      }
      chosen.add(id);
      rejectedMass += w[id];
      failures = 0;
    }
    if (chosen.size < count) {
      for (const id of chosen) ex.add(id);
      for (const id of exactSample(w, ex, count - chosen.size, rand)) chosen.add(id);
    }
    negatives.push(Int32Array.from(chosen).sort());
  });
  return { mode, count, seed, numItems, negatives, shortUsers };
}
