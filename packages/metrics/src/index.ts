/**
 * @packageDocumentation
 * CLRec evaluation metrics: target ranks under the full-ranking and sampled protocols, HR@K, NDCG@K,
 * MRR (as `Metric` plugins of `@clrec/spec`), Recall@K of held-out items, AUC, and the debiasing
 * reports (aggregate diversity, popularity index, head/torso/tail recall). Depends only on
 * `@clrec/spec`: it loads without TensorFlow.js, and in a browser (no Node built-ins).
 * `saveEvalNegatives` / `loadEvalNegatives` (JSON files) are in `@clrec/metrics/node`.
 */
export { rankOfTarget, type RankOptions, type ScoreRow } from './rank-of-target';
export { hitRate, ndcg, mrr } from './rank-metrics';
export { summarizeRanks, DEFAULT_KS } from './summarize-ranks';
export { FullRankingAccumulator, type AccumulatorOptions } from './full-ranking-accumulator';
export {
  formatMetricsTable,
  formatMarkdownTable,
  type TableOptions,
  type MetricRows,
} from './format-table';
export { topKIndices, topKIndicesBlock, type TopKOptions, type TopKBlockOptions } from './top-k-indices';
export { heldOutRecallAtK, recallFromPositions, targetListPositions } from './held-out-recall-at-k';
export { RecallAccumulator, type RecallAccumulatorOptions } from './recall-accumulator';
export { auc, aucFromScores, meanAuc } from './auc';
export {
  sampleEvalNegatives,
  type SampleEvalNegativesOptions,
  type EvalNegatives,
  type NegativeSamplingMode,
} from './sample-eval-negatives';
export { EVAL_NEGATIVES_FORMAT, evalNegativesToJson, parseEvalNegatives } from './eval-negatives-json';
export { sampledRank, sampledRankInRow, summarizeSampledRanks } from './sampled-rank';
export { SampledRankingAccumulator } from './sampled-ranking-accumulator';
export { aggregateDiversity } from './aggregate-diversity';
export { popularityIndex, normalizePopularityIndex } from './popularity-index';
export {
  degreeBucketImpressions,
  degreeBucketCounts,
  type DegreeBucket,
  type DegreeBucketOptions,
} from './degree-buckets';
export {
  popularitySegments,
  headTorsoTailRecall,
  PADDING_SEGMENT,
  SEGMENTS,
  type PopularitySegment,
  type SegmentOptions,
  type SegmentRecall,
} from './head-torso-tail';
export { preferenceRecall } from './preference-recall';
export { debiasReport, type DebiasInput, type DebiasAtK, type DebiasReport } from './debias-report';
