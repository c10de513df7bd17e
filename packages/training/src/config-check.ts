import { summarizeRanks, summarizeSampledRanks } from '@clrec/metrics';
import { ConfigError } from './config-error';
import type { TrainConfig } from './config';
import { resolveObjective } from './registry';
import { USER_ENCODERS } from './user-encoders';

/**
 * The metric names a validation pass of this recipe reports, i.e. the valid `selectMetric` values:
 * full ranking `HR@K` / `NDCG@K` for each K of `ks` and `MRR`, aggregate diversity `AD@K` for each K of
 * `debiasKs`, and per sampled protocol of `evalProtocols` its `<protocol>:HR@1` … `<protocol>:MRR`.
 * Derived from the metric summaries themselves, so a new metric there is selectable here.
 */
export function selectableMetrics(config: Pick<TrainConfig, 'ks' | 'debiasKs' | 'evalProtocols'>): string[] {
  const full = Object.keys(summarizeRanks([0], config.ks)).filter((k) => k !== 'count');
  const sampledKeys = Object.keys(summarizeSampledRanks([0])).filter((k) => k !== 'count');
  const sampled = config.evalProtocols.filter((p) => p !== 'full').flatMap((p) => sampledKeys.map((k) => `${p}:${k}`));
  return [...full, ...config.debiasKs.map((k) => `AD@${k}`), ...sampled];
}

/**
 * Checks a complete recipe for the problems that would otherwise surface only after data loading or
 * the first epoch: the objective and its queue (`resolveObjective`), the user encoder's own
 * constraints (e.g. sasrec's heads dividing d), and a `selectMetric` that validation reports.
 * Single values (types, ranges, choices) are checked earlier by `applyConfig`; this is the
 * cross-key pass, run by `train` before any work.
 * @throws ConfigError naming the flag(s) and the valid values
 */
export function checkConfig(config: TrainConfig): void {
  resolveObjective(config);
  const encoder = USER_ENCODERS.get(config.userEncoder);
  encoder.options(config); // throws for combinations the encoder cannot take
  const problem = encoder.validate?.(config);
  if (problem) throw new ConfigError(problem);
  const metrics = selectableMetrics(config);
  if (!metrics.includes(config.selectMetric)) {
    throw new ConfigError(`--select-metric "${config.selectMetric}" is not reported by validation with --ks ${config.ks.join(',')} and --eval-protocols ${config.evalProtocols.join(',')}; valid: ${metrics.join(', ')}`);
  }
}
