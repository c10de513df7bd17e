export { rankOfTarget, type RankOptions, type ScoreRow } from './rank-of-target';
export { hitRate, ndcg, mrr, type RankMetric } from './rank-metrics';
export { summarizeRanks, DEFAULT_KS } from './summarize-ranks';
export { FullRankingAccumulator, type AccumulatorOptions } from './full-ranking-accumulator';
export {
  formatMetricsTable,
  formatMarkdownTable,
  type TableOptions,
  type MetricRows,
} from './format-table';
