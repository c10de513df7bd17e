import { deriveSeed as specDeriveSeed } from '@clrec/spec';

/**
 * Per-user seed of the sampled-evaluation negatives (`sampleEvalNegatives` draws user u's negatives
 * from `new Rng(deriveSeed(seed, u))`). Same function and values as before; it now lives in
 * `@clrec/spec`.
 * @deprecated Import `deriveSeed` from `@clrec/spec` (or `@clrec/core`); this re-export goes in the
 * next minor release.
 */
export const deriveSeed: (seed: number, stream: number) => number = specDeriveSeed;
