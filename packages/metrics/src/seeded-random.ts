/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32) so that the
 * sampled evaluation protocol is reproducible without a runtime dependency. Same seed, same stream,
 * on every platform (only 32-bit integer arithmetic via `Math.imul` and `>>>`).
 */

/** splitmix32: turns any 32-bit seed into a well-mixed sequence of 32-bit words. */
function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Rotates a 32-bit word left by `k` bits. */
const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/**
 * Creates a seeded uniform generator on `[0, 1)` (xoshiro128**; 32 random bits per draw, so the
 * resolution is `2^-32`).
 *
 * @param seed - any number; it is reduced to an unsigned 32-bit integer (`seed >>> 0`), so seeds
 *   that differ only above bit 31 or in a fractional part give the same stream.
 * @returns a function returning the next draw in `[0, 1)` on each call.
 */
export function seededRandom(seed: number): () => number {
  const sm = splitmix32(seed);
  let s0 = sm();
  let s1 = sm();
  let s2 = sm();
  let s3 = sm();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3 >>> 0, 11);
    s0 >>>= 0;
    s1 >>>= 0;
    s2 >>>= 0;
    return result / 4294967296;
  };
}

/**
 * Derives an independent-looking 32-bit seed for sub-stream `stream` (e.g. a user index) of a
 * master `seed`, so each user's draws depend only on `(seed, user)` and not on how many users
 * came before.
 *
 * @param seed - master seed (reduced to 32 bits).
 * @param stream - non-negative integer stream index below `2^32`.
 * @returns an unsigned 32-bit integer seed.
 */
export function deriveSeed(seed: number, stream: number): number {
  // mix(seed) XOR an odd multiple of the stream is a bijection in the stream for a fixed seed, so
  // distinct streams (< 2^32) always get distinct seeds; the final mix decorrelates neighbours.
  return splitmix32(splitmix32(seed)() ^ Math.imul(stream >>> 0, 0x9e3779b1))();
}
