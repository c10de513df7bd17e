/**
 * splitmix32: turns any seed (reduced to an unsigned 32-bit integer, `seed >>> 0`) into a well-mixed
 * sequence of 32-bit words. Seeds `Rng`'s xoshiro128** state and mixes `deriveSeed`'s
 * sub-stream seeds. Only 32-bit integer arithmetic (`Math.imul`, `>>>`), so identical on every
 * platform.
 * @returns a function returning the next unsigned 32-bit word on each call
 */
export function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}
