import { type EvalExample, simulate } from '@clrec/datasets';
import { debiasReport, type DebiasReport } from '@clrec/metrics';
import type { TrainConfig } from './config';
import type { PreparedData } from './data';

/** {@link DebiasReport} plus what its popularity measures are based on (`results.json` → `debias`). */
export interface DebiasResults extends DebiasReport {
  /** `p_data` and the item degree: the training clicks of the split. */
  popularitySource: 'training clicks';
  /** Whether the top-K lists left out the user's history. */
  excludeHistory: boolean;
  /** True when `preferenceRecall` is measured (embedded simulator: its true user preferences). */
  groundTruthPreferences: boolean;
}

/**
 * The test debiasing metrics of a model's top-K lists (`lists[i]` for `examples[i]`, at least
 * `max(config.debiasKs)` long): aggregate diversity, `E_A[p_data]` (the un-normalised popularity
 * index), impressions per training-click degree bucket, head / torso / tail recall, and, on the
 * embedded simulator (`--data sim`), recall@K of each user's K truly preferred items (re-simulated
 * from the same seed).
 */
export function evaluateDebias(lists: Int32Array[], examples: EvalExample[], data: PreparedData, config: TrainConfig): DebiasResults {
  let trueTopK: ((row: number, k: number) => ArrayLike<number>) | undefined;
  if (config.data === 'sim' || config.format === 'sim') {
    const { dataset, truth } = simulate({ seed: config.seed });
    if (dataset.numUsers !== data.dataset.numUsers || dataset.numItems !== data.dataset.numItems) {
      throw new Error(`evaluate: re-simulating seed ${config.seed} gave ${dataset.numUsers} users / ${dataset.numItems} items, ` +
        `but the run's data has ${data.dataset.numUsers} / ${data.dataset.numItems}`);
    }
    trueTopK = (row, k) => truth.trueTopK(examples[row].user, k);
  }
  const report = debiasReport({
    topK: lists, ks: config.debiasKs, targets: examples.map((e) => e.target), itemCounts: data.itemCounts, trueTopK,
  });
  return { ...report, popularitySource: 'training clicks', excludeHistory: config.excludeHistory, groundTruthPreferences: trueTopK !== undefined };
}
