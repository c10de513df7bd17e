import { FullRankingAccumulator, SampledRankingAccumulator, topKIndices } from '@clrec/metrics';
import { type DebiasResults, type EvalPlan, evaluateDebias, type PreparedData, type TrainConfig } from '@clrec/training/node';

/** A non-learned recommender's test results, shaped like a trained model's. */
export interface BaselineResults {
  /** Flat record: full-ranking keys plus `<sampled protocol>:<metric>` keys (as the trainer's). */
  metrics: Record<string, number>;
  debias: DebiasResults;
}

/**
 * The most-popular baseline ("MostPop"): every user's scores are the items' training click counts.
 * It is the non-learned reference the KDD popularity index is normalised by in production (App. A:
 * the algorithm with the largest `E[p_data]` was a fallback that learns no representations), and a
 * sanity check of the sampled protocol (popularity-sampled negatives penalise it heavily). Evaluated
 * on the plan's test users, negatives and history rule, ties pessimistic in the ranks; the top-K
 * lists break ties by lower id.
 */
export function popularityBaseline(data: PreparedData, plan: EvalPlan, config: TrainConfig): BaselineResults {
  const n = data.dataset.numItems + 1;
  const row = Float32Array.from(data.itemCounts);
  row[0] = -Infinity;
  const examples = plan.test.examples;
  const full = new FullRankingAccumulator();
  const sampled = plan.test.negatives.map((p) => ({ name: p.protocol, negatives: p.data.negatives, acc: new SampledRankingAccumulator() }));
  const k = Math.max(...config.debiasKs);
  const lists: Int32Array[] = [];
  examples.forEach((e, i) => {
    const exclude = config.excludeHistory ? e.history : undefined;
    full.add(row, n, [e.target], exclude ? () => exclude : undefined);
    for (const p of sampled) p.acc.add(row, n, [e.target], () => p.negatives[i]);
    lists.push(topKIndices(row, k, { exclude }));
  });
  const metrics: Record<string, number> = { ...full.summary(config.ks) };
  for (const p of sampled) {
    for (const [key, value] of Object.entries(p.acc.summary())) if (key !== 'count') metrics[`${p.name}:${key}`] = value;
  }
  return { metrics, debias: evaluateDebias(lists, examples, data, config) };
}
