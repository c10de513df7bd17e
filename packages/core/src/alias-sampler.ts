import type { Rng } from '@clrec/spec';

/**
 * Discrete sampler over ids 0..n−1 by Walker's alias method (Vose's stable construction): O(n) build,
 * O(1) per draw. Used to draw negatives from a proposal q (popularity, degree^0.75, log-uniform) — the
 * paper's negative-sampling baseline uses an alias sampler too (KDD App. B.3). `prob`/`logProb` give the
 * exact q(y) for the logQ correction of sampled softmax.
 */
export class AliasSampler {
  /** Number of ids n (ids are 0..n−1). */
  readonly size: number;
  private readonly p: Float64Array;
  private readonly threshold: Float64Array;
  private readonly alias: Int32Array;

  /**
   * @param weights non-negative, finite, unnormalised weight of each id; at least one must be > 0.
   *   Ids with weight 0 are never drawn.
   */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('AliasSampler: weights must be non-empty');
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`AliasSampler: weight ${i} is ${w}; weights must be finite and >= 0`);
      total += w;
    }
    if (!(total > 0)) throw new Error('AliasSampler: all weights are zero; need at least one positive weight');
    this.size = n;
    this.p = new Float64Array(n);
    this.threshold = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      this.p[i] = weights[i] / total;
      scaled[i] = this.p[i] * n;
      this.alias[i] = i;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const l = small.pop() as number;
      const g = large.pop() as number;
      this.threshold[l] = scaled[l];
      this.alias[l] = g;
      scaled[g] = scaled[g] + scaled[l] - 1;
      (scaled[g] < 1 ? small : large).push(g);
    }
    // Leftovers hold scaled ≈ 1 up to rounding: they keep their own id, unless their weight is 0.
    let fallback = 0;
    while (this.p[fallback] === 0) fallback++;
    for (const i of large) this.threshold[i] = 1;
    for (const i of small) {
      this.threshold[i] = this.p[i] > 0 ? 1 : 0;
      if (this.p[i] === 0) this.alias[i] = fallback;
    }
  }

  /**
   * Draws `count` ids independently (with replacement) from q.
   * @returns Int32Array of length `count`
   */
  sample(rng: Rng, count: number): Int32Array {
    if (!(Number.isInteger(count) && count >= 0)) throw new Error(`AliasSampler.sample: count must be a non-negative integer, got ${count}`);
    const out = new Int32Array(count);
    const n = this.size;
    for (let c = 0; c < count; c++) {
      const x = rng.float() * n;
      const i = Math.min(Math.floor(x), n - 1);
      out[c] = x - i < this.threshold[i] ? i : this.alias[i];
    }
    return out;
  }

  /** Exact probability q(id) of drawing `id` (0 for ids with weight 0). Throws for ids out of range. */
  prob(id: number): number {
    if (!(Number.isInteger(id) && id >= 0 && id < this.size)) throw new Error(`AliasSampler.prob: id ${id} is out of [0, ${this.size})`);
    return this.p[id];
  }

  /**
   * Natural-log probabilities log q(id) of each id (−Infinity for weight-0 ids), e.g. the `logQ` of
   * sampled softmax (float32 `[numKeys]` once wrapped in a tensor).
   */
  logProb(ids: ArrayLike<number>): Float32Array {
    const out = new Float32Array(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = Math.log(this.prob(ids[i]));
    return out;
  }
}
