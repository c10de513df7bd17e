import * as tf from '@tensorflow/tfjs';
import { type Metric, Rng, type VectorIndex, type VectorIndexFactory } from '@clrec/core';
import type { EvalExample } from '@clrec/datasets';
import { FullRankingAccumulator, SampledRankingAccumulator, topKIndicesBlock } from '@clrec/metrics';
import { encodeUsers, type Model, rankingItemVectors } from './model';
import { buildRankingIndex } from './ranking-index';

/** Options of {@link evaluateFullRanking}. */
export interface EvalOptions {
  /** Cut-offs for HR@K / NDCG@K. */
  ks: number[];
  /** Longest history fed to the user encoder. */
  maxLen: number;
  /**
   * Skip the user's own history items when ranking (full ranking and top-K lists). A target that is
   * itself in the history (repeat consumption) is masked with the rest and counts as a miss (rank
   * `Infinity`: HR@K = NDCG@K = 0, reciprocal rank 0), as ICLRec and RecBole evaluate; see
   * `repeatTargets` in the results. The sampled protocols are not affected.
   */
  excludeHistory: boolean;
  /** Users per block (bounds memory: block × numItems floats). */
  blockSize?: number;
  /**
   * Per-item offsets `[numItems + 1]` added to every user's scores before ranking (the serving-time
   * popularity prior, see `popularityPrior`); absent or null: the model's scores as they are.
   */
  itemPrior?: Float32Array | null;
  /**
   * Extra metrics of the full-ranking ranks (any `Metric` plugin, e.g. `hitRate(50)` of
   * `@clrec/metrics` or your own), added to `full` under their names. The ranks are 0-based
   * integers, `Infinity` for a masked repeat target (see `excludeHistory`), which must score as a miss.
   */
  metrics?: Metric[];
}

/** Options of {@link evaluateProtocols}: full ranking plus sampled protocols and top-K lists. */
export interface ProtocolEvalOptions extends EvalOptions {
  /**
   * Sampled protocols to rank under as well: per protocol a name and the negatives of each example
   * (same order as the examples; ids in `1..numItems`, never the example's target).
   */
  sampled?: { name: string; negatives: readonly ArrayLike<number>[] }[];
  /**
   * Also return each example's best-first top-K list of this length (0 or absent: none). The
   * history is left out of the lists when `excludeHistory`, as in the full ranking.
   */
  topK?: number;
  /**
   * Build the top-K lists with this index (e.g. `hnswIndexFactory(...)`, as `clrec serve --index hnsw`
   * ranks); default: the exact index the ranks come from. With a prior it must score by dot product.
   */
  index?: VectorIndexFactory;
}

/** Result of {@link evaluateProtocols}. */
export interface ProtocolEvalResult {
  /**
   * Full ranking over all items: HR@K, NDCG@K per K, MRR, count (pessimistic ties), the extra
   * `metrics`, then `repeatTargets` (as {@link ProtocolEvalResult.repeatTargets}).
   */
  full: Record<string, number>;
  /**
   * Number of evaluated examples whose target is in their own history (the `history` the example
   * feeds the model, which reads its last `maxLen` items): repeat consumption. Counted whatever
   * `excludeHistory`; also in `full.repeatTargets`.
   */
  repeatTargets: number;
  /**
   * Whether those targets were masked in the full ranking and top-K lists, i.e. counted as misses
   * (`excludeHistory`), rather than ranked with the other candidates.
   */
  repeatTargetsMasked: boolean;
  /** Per sampled protocol name: HR@1/5/10, NDCG@5/10, MRR, count. */
  sampled: Record<string, Record<string, number>>;
  /** Top-K item ids per example (empty when `topK` is 0). */
  topK: Int32Array[];
}

/**
 * One blocked scoring pass that serves every protocol, through the same ranking index serving uses
 * ({@link buildRankingIndex}: the model's item vectors under its similarity, plus the popularity prior
 * when given): each block of examples gets every item's score from the exact index (`scoreAll`),
 * then the target's full rank, its rank among each sampled protocol's negatives, and the top-K list
 * are read off the same rows (the list with the index's own top-K heap). With `opts.index` (e.g. an
 * HNSW factory) the top-K lists come from that index's `search`, as `clrec serve --index` would
 * answer; ranks stay exact. With `excludeHistory`, a target found in its own history is masked
 * like the rest (a miss); `repeatTargets` says how many there were.
 */
export async function evaluateProtocols(model: Model, examples: EvalExample[], opts: ProtocolEvalOptions): Promise<ProtocolEvalResult> {
  const n = model.item.numItems + 1;
  const full = new FullRankingAccumulator();
  const sampled = (opts.sampled ?? []).map((p) => {
    if (p.negatives.length !== examples.length) {
      throw new Error(`evaluate: protocol ${p.name} has negatives for ${p.negatives.length} users, but ${examples.length} are evaluated`);
    }
    return { name: p.name, negatives: p.negatives, acc: new SampledRankingAccumulator() };
  });
  if (opts.itemPrior && opts.itemPrior.length !== n) throw new Error(`evaluate: itemPrior has ${opts.itemPrior.length} entries, expected numItems + 1 = ${n}`);
  const k = opts.topK ?? 0;
  const order = lengthOrder(examples, opts.maxLen);
  const topK: Int32Array[] = k > 0 ? new Array(examples.length) : []; // in the examples' order
  let repeatTargets = 0;
  for (const e of examples) if (e.history.includes(e.target)) repeatTargets++;
  const vectors = itemVectors(model);
  const metric = model.similarity;
  const prior = opts.itemPrior ? opts.itemPrior.slice(1) : null;
  const ranker = await buildRankingIndex(vectors, model.item.dim, { metric, prior });
  let lister: VectorIndex | null = null;
  try {
    if (opts.index && k > 0) lister = await buildRankingIndex(vectors, model.item.dim, { metric, prior, factory: opts.index });
    const block = opts.blockSize ?? 512;
    const scores = new Float32Array(Math.min(block, examples.length) * n); // column 0 = padding (never ranked)
    // Blocks of similar history lengths: each block is packed to its longest history, so sorting by
    // length (stable) spares the encoder most of the padding. Every metric is per example, so the
    // order changes no result; top-K lists go back to the examples' order.
    for (let i = 0; i < examples.length; i += block) {
      const at = order.subarray(i, i + block);
      const part = Array.from(at, (j) => examples[j]);
      const users = userVectors(model, part, opts.maxLen);
      const all = ranker.scoreAll!(users); // [part, n - 1]
      const rows = scores.subarray(0, part.length * n);
      for (let r = 0; r < part.length; r++) rows.set(all.subarray(r * (n - 1), (r + 1) * (n - 1)), r * n + 1);
      const targets = part.map((e) => e.target);
      const exclude = opts.excludeHistory ? (r: number) => part[r].history : undefined;
      full.add(rows, n, targets, exclude);
      for (const p of sampled) p.acc.add(rows, n, targets, (r) => p.negatives[at[r]]);
      if (k > 0) {
        const got = lister ? searchLists(lister, users, part, k, opts.excludeHistory) : topKIndicesBlock(rows, n, k, { exclude });
        for (let r = 0; r < got.length; r++) topK[at[r]] = got[r];
      }
    }
  } finally {
    ranker.dispose();
    lister?.dispose();
  }
  const summary = full.summary(opts.ks);
  if (opts.metrics?.length) {
    const added = full.ranks(); // in scoring order
    const ranks = new Float64Array(added.length);
    for (let p = 0; p < added.length; p++) ranks[order[p]] = added[p];
    for (const m of opts.metrics) summary[m.name] = m.fromRanks(ranks);
  }
  summary.repeatTargets = repeatTargets;
  return {
    full: summary,
    repeatTargets,
    repeatTargetsMasked: opts.excludeHistory,
    sampled: Object.fromEntries(sampled.map((p) => [p.name, p.acc.summary()])),
    topK,
  };
}

/**
 * Full-ranking evaluation: every example's target is ranked against all items by the model's
 * similarity between f(history) and g(item); returns HR@K, NDCG@K, MRR, the count and
 * `repeatTargets` (examples whose target is in their history: misses when `excludeHistory`).
 */
export async function evaluateFullRanking(model: Model, examples: EvalExample[], opts: EvalOptions): Promise<Record<string, number>> {
  return (await evaluateProtocols(model, examples, opts)).full;
}

/** Example indices sorted (stably) by the history length the encoder reads, min(length, maxLen). */
function lengthOrder(examples: EvalExample[], maxLen: number): Int32Array {
  const len = (j: number) => Math.min(examples[j].history.length, maxLen);
  return Int32Array.from(Array.from(examples.keys()).sort((a, b) => len(a) - len(b)));
}

/** The model's ranking item vectors for dense ids 1..n, float32 `[n, d]` (host). */
function itemVectors(model: Model): Float32Array {
  const t = tf.tidy(() => rankingItemVectors(model, tf.range(1, model.item.numItems + 1, 1, 'int32') as tf.Tensor1D));
  const v = t.dataSync() as Float32Array; // read outside the tidy: a tidy walks a returned typed array element by element
  t.dispose();
  return v;
}

/** f(history) of each example, float32 `[examples, d]` (host). */
function userVectors(model: Model, part: EvalExample[], maxLen: number): Float32Array {
  const t = tf.tidy(() => encodeUsers(model, part, maxLen));
  const v = t.dataSync() as Float32Array;
  t.dispose();
  return v;
}

/**
 * Top-K lists from an index's `search`, as serving answers them: over-fetch by the history length
 * when it is excluded, drop those ids, keep the first k (dense ids: row r = id r + 1).
 */
function searchLists(index: VectorIndex, users: Float32Array, part: EvalExample[], k: number, excludeHistory: boolean): Int32Array[] {
  const extra = excludeHistory ? Math.max(0, ...part.map((e) => new Set(e.history).size)) : 0;
  const want = Math.min(index.size, k + extra);
  const res = index.search(users, want);
  return part.map((e, r) => {
    const skip = excludeHistory ? new Set(e.history) : null;
    const out: number[] = [];
    for (let j = 0; j < want && out.length < k; j++) {
      const id = res.ids[r * want + j] + 1;
      if (id > 0 && !skip?.has(id)) out.push(id);
    }
    return Int32Array.from(out);
  });
}

/** A seeded subset of at most `max` examples (all when max is 0), the same for every epoch. */
export function sampleExamples(examples: EvalExample[], max: number, seed: number): EvalExample[] {
  if (max <= 0 || examples.length <= max) return examples;
  const idx = new Rng(seed).shuffle(Array.from(examples.keys())).slice(0, max).sort((a, b) => a - b);
  return idx.map((i) => examples[i]);
}
