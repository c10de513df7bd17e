import type { Rng } from '@clrec/core';

/** Fully resolved simulator settings (see `SimulatorOptions` for meanings). */
export interface SimSettings {
  seed: number; numUsers: number; numItems: number; numCategories: number; latentDim: number;
  meanClicks: number; exposureSize: number; popularityBias: number; personalization: number;
  stickiness: number; zipfExponent: number; startTime: number; horizonDays: number;
}

/** The latent world: category centres, item/user factors, the popularity prior and sampling tables. */
export interface SimWorld {
  /** numUsers x d, unit-norm rows. */
  userFactors: Float32Array;
  /** (numItems+1) x d, row 0 zeros. */
  itemFactors: Float32Array;
  /** 0-based category per item; -1 for the padding item 0. */
  itemCategory: Int32Array;
  /** Intrinsic popularity prior per item (sums to 1, index 0 = 0); independent of item quality. */
  itemPopularity: Float64Array;
  /** Per user, favourite categories and their weights (sum 1). */
  favourites: { cats: Int32Array; weights: Float64Array }[];
  /** Cumulative exposure weights (popularity^bias) over items 1..N (index k = item k+1). */
  globalCdf: Float64Array;
  /** Per category: its items and their cumulative exposure weights. */
  catItems: Int32Array[];
  /** Per category cumulative exposure weights aligned with `catItems`. */
  catCdf: Float64Array[];
}

/** Index of the first cumulative weight > u * total (binary search). */
export function sampleCdf(cdf: Float64Array, u: number): number {
  const x = u * cdf[cdf.length - 1];
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Preference of user `u` for item `i`: dot(userFactor, itemFactor). */
export function preference(w: SimWorld, d: number, u: number, i: number): number {
  let s = 0;
  const uo = u * d;
  const io = i * d;
  for (let k = 0; k < d; k++) s += w.userFactors[uo + k] * w.itemFactors[io + k];
  return s;
}

/**
 * Draws the latent world. Categories have N(0, I/d) centres (norm ~1); an item factor is its
 * category centre plus N(0, 0.36 I/d) noise; items get a Zipf popularity prior from a random
 * permutation (unrelated to category or quality). A user prefers 1-3 favourite categories with
 * random weights; the user factor is the weighted mix of their centres plus noise, unit-normalised.
 */
export function buildWorld(s: SimSettings, rng: Rng): SimWorld {
  const { numItems: N, numUsers: U, numCategories: C, latentDim: d } = s;
  const sd = 1 / Math.sqrt(d);
  const centres = new Float64Array(C * d);
  for (let k = 0; k < centres.length; k++) centres[k] = rng.normal() * sd;
  const cats = Int32Array.from({ length: N }, (_, k) => k % C);
  rng.shuffle(cats);
  const itemCategory = new Int32Array(N + 1);
  itemCategory[0] = -1;
  const itemFactors = new Float32Array((N + 1) * d);
  for (let i = 1; i <= N; i++) {
    const c = (itemCategory[i] = cats[i - 1]);
    for (let k = 0; k < d; k++) itemFactors[i * d + k] = centres[c * d + k] + 0.6 * sd * rng.normal();
  }
  const ranks = rng.shuffle(Int32Array.from({ length: N }, (_, k) => k));
  const itemPopularity = new Float64Array(N + 1);
  let total = 0;
  for (let i = 1; i <= N; i++) total += itemPopularity[i] = 1 / Math.pow(ranks[i - 1] + 1, s.zipfExponent);
  for (let i = 1; i <= N; i++) itemPopularity[i] /= total;
  const userFactors = new Float32Array(U * d);
  const favourites: SimWorld['favourites'] = [];
  const v = new Float64Array(d);
  for (let u = 0; u < U; u++) {
    const nFav = Math.min(C, 1 + rng.int(3));
    const fc = new Int32Array(nFav);
    const fw = new Float64Array(nFav);
    let wsum = 0;
    for (let f = 0; f < nFav; f++) {
      let c: number;
      do c = rng.int(C); while (fc.subarray(0, f).includes(c));
      fc[f] = c;
      wsum += fw[f] = -Math.log(1 - rng.float()) + 0.2;
    }
    v.fill(0);
    for (let f = 0; f < nFav; f++) {
      fw[f] /= wsum;
      for (let k = 0; k < d; k++) v[k] += fw[f] * centres[fc[f] * d + k];
    }
    let norm = 0;
    for (let k = 0; k < d; k++) { v[k] += 0.3 * sd * rng.normal(); norm += v[k] * v[k]; }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < d; k++) userFactors[u * d + k] = v[k] / norm;
    favourites.push({ cats: fc, weights: fw });
  }
  const expo = (i: number) => Math.pow(itemPopularity[i], s.popularityBias);
  const globalCdf = new Float64Array(N);
  for (let i = 1, acc = 0; i <= N; i++) globalCdf[i - 1] = acc += expo(i);
  const members: number[][] = Array.from({ length: C }, () => []);
  for (let i = 1; i <= N; i++) members[itemCategory[i]].push(i);
  const catItems = members.map((m) => Int32Array.from(m));
  const catCdf = catItems.map((m) => {
    const cdf = new Float64Array(m.length);
    for (let k = 0, acc = 0; k < m.length; k++) cdf[k] = acc += expo(m[k]);
    return cdf;
  });
  return { userFactors, itemFactors, itemCategory, itemPopularity, favourites, globalCdf, catItems, catCdf };
}
