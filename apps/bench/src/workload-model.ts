import type { NamedVariable } from '@clrec/core';
import { Rng } from '@clrec/core';
import { FeatureItemEncoder, MultiAttWhaEncoder, TimeBucketItemEncoder } from '@clrec/encoders';
import type { SyntheticCatalog } from './synthetic-data';
import type { WorkloadShape } from './workload-config';

/**
 * The workload's model (WORKLOAD.md): label side g(y) = id + W·concat(features) [+ content MLP];
 * user side MultiAtt + WHA over history slots embedded as g_hist(y) + time_emb[bucket] +
 * backpos_emb[position counted back from the latest click].
 */
export interface WorkloadModel {
  /** Label-side item encoder (keys / candidates). */
  item: FeatureItemEncoder;
  /** History-side slot encoder: `item.encodeHistory` + time-bucket embedding (ids packed with buckets). */
  history: TimeBucketItemEncoder;
  /** MultiAtt + WHA user encoder over the history encoder, `forward` positions (latest click = 0). */
  user: MultiAttWhaEncoder;
  /** Every trainable parameter, each once. */
  params: NamedVariable[];
  /** Frees all variables and catalog tensors. */
  dispose(): void;
}

/**
 * Builds the workload model for a catalog with seeded initial weights.
 * @param opts.dedupe encode each distinct item once per lookup (same results; see `FeatureItemEncoder`)
 */
export function buildWorkloadModel(shape: WorkloadShape, catalog: SyntheticCatalog, opts: { dedupe?: boolean } = {}): WorkloadModel {
  const rng = new Rng(shape.seed + 2);
  const item = new FeatureItemEncoder({
    numItems: shape.catalog, dim: shape.dim, rng, features: catalog.features, richLabel: catalog.richLabel, contentHidden: shape.contentHidden,
    dedupe: opts.dedupe ?? true,
  });
  const history = new TimeBucketItemEncoder({ base: item.historyEncoder(), numBuckets: shape.timeBuckets, rng });
  // WORKLOAD.md's "position counted back from the latest click" is this encoder's `forward` mode.
  const user = new MultiAttWhaEncoder({
    itemEncoder: history, heads: shape.heads, hidden: shape.dim, maxLen: shape.seqLen, positional: 'forward', rng,
  });
  const params = [...item.variables(), ...history.ownVariables(), ...user.variables()];
  return {
    item, history, user, params,
    dispose: () => {
      item.dispose();
      for (const v of [...history.ownVariables(), ...user.variables()]) v.variable.dispose();
    },
  };
}
