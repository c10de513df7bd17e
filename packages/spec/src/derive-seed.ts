import { splitmix32 } from './splitmix32';

/**
 * Derives an independent-looking 32-bit seed for sub-stream `stream` (e.g. a user index) of a
 * master `seed`, so each user's draws depend only on `(seed, user)` and not on how many users
 * came before (`new Rng(deriveSeed(seed, u))`). The sampled-evaluation negatives are drawn this way.
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
