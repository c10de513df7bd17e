/**
 * How a `NegativeQueue` produces negatives, so a host can reason about a source without knowing its
 * class (e.g. pick the loss that matches it, size memory, or explain a run):
 * - `fifo`: a first-in-first-out queue of earlier positives (in-batch, inter-batch, cached, MoCo,
 *   Multi-CLRec's multi-intent queues); `capacity` is the number of keys once full.
 * - `sampler`: fresh draws from a proposal distribution every step (sampled softmax, per-user
 *   negative sampling); `capacity` is the number of draws.
 * - `catalog`: every item of the catalog (full softmax, IPW); `capacity` is the catalog size.
 */
export type NegativeQueueKind = 'fifo' | 'sampler' | 'catalog';
