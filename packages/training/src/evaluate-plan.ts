import { join } from 'node:path';
import type { EvalExample } from '@clrec/datasets';
import { aggregateDiversity } from '@clrec/metrics';
import type { TrainConfig } from './config';
import type { PreparedData } from './data';
import { evaluateProtocols, sampleExamples } from './evaluate';
import { popularityPrior } from './popularity-prior';
import {
  prepareEvalNegatives, type PreparedNegatives, SAMPLED_PROTOCOL_RULES, SAMPLED_PROTOCOLS, type SampledProtocol,
} from './evaluate-negatives';
import type { Model } from './model';

/** The users of one split and their fixed sampled negatives. */
export interface SplitPlan {
  split: 'valid' | 'test';
  examples: EvalExample[];
  negatives: PreparedNegatives[];
  /** Serving-time popularity prior added to every score (`popularityPrior` config), or null. */
  itemPrior: Float32Array | null;
}

/** One sampled protocol as recorded in results. */
export interface SampledProtocolInfo {
  name: SampledProtocol;
  mode: 'popularity' | 'uniform';
  /** Negatives per user. */
  count: number;
  /** What was left out of the candidates. */
  exclude: string;
  ties: 'pessimistic';
  /** Per split: the negatives file, whether it was reused, its derived seed, users with fewer negatives. */
  files: Record<'valid' | 'test', { path: string; reused: boolean; seed: number; shortUsers: number }>;
}

/** How a run was evaluated (`results.json` → `protocol`). */
export interface ProtocolInfo {
  /** Always computed: full ranking over all items. */
  kind: 'full-ranking';
  /** Whether the user's history items were removed from the full ranking and the top-K lists. */
  excludeHistory: boolean;
  /**
   * Whether a target that is itself in the user's history (repeat consumption) was masked with the
   * rest, i.e. counted as a miss in the full ranking (equal to `excludeHistory`). The number of such
   * targets per split is `metrics.<split>.repeatTargets`. Results written before this field existed
   * ranked such targets even with the history excluded.
   */
  repeatTargetsMasked: boolean;
  ties: 'pessimistic';
  /** Seeded user sample size per split (0 = all users). */
  maxEvalUsers: number;
  /** Seed of the user sample and of the sampled negatives. */
  evalSeed: number;
  /** Users evaluated per split. */
  users: { valid: number; test: number };
  /** The sampled protocols (empty when only full ranking was asked for). */
  sampled: SampledProtocolInfo[];
  /** List lengths K of the test debiasing metrics. */
  debiasKs: number[];
  /** Weight α of the popularity prior α·log q(y) added to the logits before ranking (0 = none). */
  popularityPrior: number;
}

/** Users and negatives of both splits, and their description for results. */
export interface EvalPlan {
  valid: SplitPlan;
  test: SplitPlan;
  protocol: ProtocolInfo;
}

/**
 * Fixes what every evaluation of a run uses: the seeded user sample of each split (`maxEvalUsers`,
 * `evalSeed`) and, for each configured sampled protocol, the split's negatives (loaded from
 * `evalNegativesDir` when present, else drawn and saved there; default `<out>/eval-negatives`).
 */
export async function prepareEvaluation(config: TrainConfig, data: PreparedData, log: (line: string) => void): Promise<EvalPlan> {
  const protocols = config.evalProtocols.filter((p): p is SampledProtocol => (SAMPLED_PROTOCOLS as readonly string[]).includes(p));
  const dir = config.evalNegativesDir ?? join(config.out, 'eval-negatives');
  const fp = data.fingerprint;
  const datasetTag = `${fp.name}: ${fp.numUsers} users, ${fp.numItems} items, ${fp.interactions} interactions; ${data.split.kind} split`;
  const itemPrior = popularityPrior(data.itemCounts, config.popularityPrior, config.temperature);
  const plan = async (split: 'valid' | 'test', all: EvalExample[], offset: number): Promise<SplitPlan> => {
    const examples = sampleExamples(all, config.maxEvalUsers, config.evalSeed + offset);
    const negatives: PreparedNegatives[] = [];
    for (const protocol of protocols) {
      negatives.push(await prepareEvalNegatives({
        protocol, split, examples, sequences: data.dataset.sequences, itemCounts: data.itemCounts, numItems: data.dataset.numItems,
        count: config.evalNegatives, evalSeed: config.evalSeed, dir, datasetTag, log,
      }));
    }
    return { split, examples, negatives, itemPrior };
  };
  const valid = await plan('valid', data.split.valid, 1);
  const test = await plan('test', data.split.test, 2);
  const file = (n: PreparedNegatives) => ({ path: n.file, reused: n.reused, seed: n.data.seed, shortUsers: n.data.shortUsers.length });
  return {
    valid,
    test,
    protocol: {
      kind: 'full-ranking', excludeHistory: config.excludeHistory, repeatTargetsMasked: config.excludeHistory, ties: 'pessimistic', maxEvalUsers: config.maxEvalUsers,
      evalSeed: config.evalSeed, users: { valid: valid.examples.length, test: test.examples.length },
      sampled: protocols.map((name, i) => ({
        name, mode: SAMPLED_PROTOCOL_RULES[name].mode, count: config.evalNegatives, exclude: SAMPLED_PROTOCOL_RULES[name].exclude,
        ties: 'pessimistic' as const, files: { valid: file(valid.negatives[i]), test: file(test.negatives[i]) },
      })),
      debiasKs: [...config.debiasKs],
      popularityPrior: config.popularityPrior,
    },
  };
}

/**
 * Evaluates one split under every protocol of the plan in one scoring pass. Returns a flat metric
 * record: the full-ranking keys (`HR@10`, `NDCG@10`, `MRR`, `count`, …, and `repeatTargets`, the
 * users whose target is in their history: misses when `excludeHistory`) and, per sampled protocol,
 * the same metric names prefixed by `<protocol>:` (e.g. `sampled-popularity:NDCG@10`), so
 * `selectMetric` can pick any of them; plus the top-K lists when `topK > 0`, whose aggregate
 * diversity at each K of `debiasKs` up to `topK` is added as `AD@K`.
 */
export async function evaluateSplit(model: Model, split: SplitPlan, config: TrainConfig, topK = 0): Promise<{ metrics: Record<string, number>; topK: Int32Array[] }> {
  const res = await evaluateProtocols(model, split.examples, {
    ks: config.ks, maxLen: config.maxLen, excludeHistory: config.excludeHistory, topK, itemPrior: split.itemPrior,
    sampled: split.negatives.map((n) => ({ name: n.protocol, negatives: n.data.negatives })),
  });
  const metrics: Record<string, number> = { ...res.full };
  if (topK > 0) {
    // aggregate diversity of the split's top-K lists, per K of debiasKs that the lists cover
    for (const k of config.debiasKs) if (k <= topK) metrics[`AD@${k}`] = aggregateDiversity(res.topK.map((l) => l.subarray(0, k)));
  }
  for (const [name, rec] of Object.entries(res.sampled)) {
    for (const [key, value] of Object.entries(rec)) if (key !== 'count') metrics[`${name}:${key}`] = value;
  }
  return { metrics, topK: res.topK };
}

/**
 * Splits a flat record of {@link evaluateSplit} back into one record per protocol (`full` first),
 * for printing one table per protocol.
 */
export function byProtocol(metrics: Record<string, number>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = { full: {} };
  for (const [key, value] of Object.entries(metrics)) {
    const cut = key.indexOf(':');
    const name = cut < 0 ? 'full' : key.slice(0, cut);
    (out[name] ??= {})[cut < 0 ? key : key.slice(cut + 1)] = value;
  }
  return out;
}
