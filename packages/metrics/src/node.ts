/**
 * @packageDocumentation
 * The Node side of `@clrec/metrics`: everything of the main entry, plus the JSON files of sampled
 * evaluation negatives ({@link saveEvalNegatives}, {@link loadEvalNegatives}).
 */
export * from './index';
export { saveEvalNegatives, loadEvalNegatives } from './eval-negatives-file';
