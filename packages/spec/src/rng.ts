import { splitmix32 } from './splitmix32';

/**
 * Serializable state of an {@link Rng}: four unsigned 32-bit words (xoshiro128**), plus a cached
 * second Box–Muller normal (or `null`). Store it in a checkpoint to resume a run bit-exactly.
 */
export interface RngState {
  /** The four xoshiro128** state words, each an unsigned 32-bit integer. */
  s: [number, number, number, number];
  /** The spare standard normal from the last Box–Muller pair, or `null`. */
  spare: number | null;
}

/** Rotates a 32-bit word left by `k` bits. */
const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/**
 * Seeded pseudo-random generator (xoshiro128**) used everywhere the library needs randomness:
 * weight initialisation, shuffling, negative sampling and the simulator. Same seed, same stream, on
 * every platform; the full state can be saved ({@link Rng.getState}) and restored, so a resumed run
 * continues the exact stream it was interrupted in.
 */
export class Rng {
  private s: [number, number, number, number];
  private spare: number | null = null;

  /** @param seed any integer; different seeds give independent-looking streams. */
  constructor(seed = 0) {
    const sm = splitmix32(seed);
    this.s = [sm(), sm(), sm(), sm()];
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** Recreates a generator from a state previously returned by {@link Rng.getState}. */
  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    r.setState(state);
    return r;
  }

  /** A copy of the full generator state (JSON-serializable). */
  getState(): RngState {
    return { s: [...this.s] as [number, number, number, number], spare: this.spare };
  }

  /** Replaces the generator state with a saved one. */
  setState(state: RngState): void {
    if (!Array.isArray(state?.s) || state.s.length !== 4) throw new Error('Rng.setState: state.s must hold 4 uint32 words');
    this.s = state.s.map((v) => v >>> 0) as [number, number, number, number];
    this.spare = state.spare ?? null;
  }

  /** Next unsigned 32-bit integer, uniform on [0, 2^32). */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] = (s[2] ^ s[0]) >>> 0;
    s[3] = (s[3] ^ s[1]) >>> 0;
    s[1] = (s[1] ^ s[2]) >>> 0;
    s[0] = (s[0] ^ s[3]) >>> 0;
    s[2] = (s[2] ^ t) >>> 0;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform float on [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * Uniform float on [0, 1) from ONE 32-bit word (`nextUint32() / 2^32`, resolution 2^-32): half the
   * cost of {@link Rng.float}. It is the draw the sampled-evaluation negatives of `@clrec/metrics` use
   * (it reproduces the former `seededRandom` stream of that package bit for bit, so negatives drawn
   * for a seed before are drawn again).
   */
  uniform32(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer on [0, n). Throws for n < 1. */
  int(n: number): number {
    if (!(n >= 1)) throw new Error(`Rng.int: n must be >= 1, got ${n}`);
    return Math.floor(this.float() * n);
  }

  /** Standard normal sample (Box–Muller, the second value of each pair is cached). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher–Yates shuffle; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** Index drawn from unnormalised non-negative `weights` (linear scan; use an alias table for many draws). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    if (!(total > 0)) throw new Error('Rng.categorical: weights must have a positive sum');
    let u = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  }
}
