import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { formatMarkdownTable, formatMetricsTable } from '@clrec/metrics';
import { writeFileAtomic } from './atomic-write';
import type { TrainConfig } from './config';
import type { DebiasResults } from './evaluate-debias';
import { byProtocol, type ProtocolInfo } from './evaluate-plan';
import { type Model, rankingItemVectors } from './model';

/** Contents of `results.json`: what was trained on what, the metrics, and how long it took. */
export interface RunResults {
  tool: 'clrec';
  command: 'train' | 'eval';
  dataset: { name: string; numUsers: number; numItems: number; interactions: number; split: string; trainExamples: number; validUsers: number; testUsers: number };
  /** How it was evaluated: full ranking (always), the sampled protocols and their negatives files, the user sample. */
  protocol: ProtocolInfo;
  backend: string;
  config: TrainConfig;
  bestEpoch: number | null;
  epochsRun: number;
  /**
   * Full-ranking keys (`HR@10`, …, `count`, `repeatTargets`) plus `<sampled protocol>:<metric>` keys,
   * see `evaluateSplit`.
   */
  metrics: { valid: Record<string, number>; test: Record<string, number> };
  /** Debiasing metrics of the test users' top-K lists (null when not computed). */
  debias: DebiasResults | null;
  /** Seconds: `train` = time in training steps this process; `total` = wall time of the whole run incl. resumed parts. */
  wallSeconds: { train: number; total: number };
  examplesPerSecond: number | null;
  history: { epoch: number; loss: number; valid: Record<string, number>; seconds: number }[];
}

/**
 * Writes the run's outputs atomically into `out`: `results.json`, `results.md` (Markdown table),
 * `item-embeddings.bin` (float32 LE, `[numItems, d]`, rows for dense ids 1..numItems, l2-normalised, raw g(y) under dot similarity)
 * and `item-embeddings.json` (shape, dtype and the raw item id of each row).
 */
export async function writeOutputs(out: string, results: RunResults, model: Model, itemIds: string[]): Promise<void> {
  const n = model.item.numItems;
  const emb = tf.tidy(() => rankingItemVectors(model, tf.range(1, n + 1, 1, 'int32') as tf.Tensor1D)); // raw g(y) under --similarity dot
  const data = (await emb.data()) as Float32Array;
  emb.dispose();
  writeFileAtomic(join(out, 'item-embeddings.bin'), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  writeFileAtomic(join(out, 'item-embeddings.json'), JSON.stringify({
    rows: n, dim: model.item.dim, dtype: 'float32', byteOrder: 'little-endian', normalized: model.similarity !== 'dot', similarity: model.similarity,
    file: 'item-embeddings.bin', ids: itemIds.slice(1),
  }));
  writeFileAtomic(join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const md = `# CLRec results: ${results.dataset.name}\n\n${formatEvalMarkdown(results)}\n\n` +
    `Best epoch ${results.bestEpoch}. Wall time ${results.wallSeconds.total.toFixed(1)} s on backend ${results.backend}.\n`;
  writeFileAtomic(join(out, 'results.md'), md);
}

/**
 * Markdown of a run's evaluation: one table per protocol (full ranking, then each sampled protocol)
 * with the validation and test rows, the protocol settings, and the debiasing metrics when present.
 * Shared by `results.md` and `eval.md`.
 */
export function formatEvalMarkdown(r: { dataset: { numItems: number } } & Pick<RunResults, 'protocol' | 'metrics' | 'debias'>): string {
  const p = r.protocol;
  const valid = byProtocol(r.metrics.valid);
  const test = byProtocol(r.metrics.test);
  const users = p.maxEvalUsers > 0 ? `a seeded sample (evalSeed ${p.evalSeed}) of at most ${p.maxEvalUsers} users per split` : 'all users';
  const parts = [
    `Full ranking over all ${r.dataset.numItems} items (history ${p.excludeHistory ? 'excluded' : 'included'}, pessimistic ties); ` +
      `${users}: ${p.users.valid} validation, ${p.users.test} test.${repeatTargetsNote(p, valid.full ?? {}, test.full ?? {})}`,
    formatMarkdownTable({ valid: valid.full ?? {}, test: test.full ?? {} }, { integerColumns: integerKeys({ valid: valid.full ?? {}, test: test.full ?? {} }) }),
  ];
  for (const s of p.sampled) {
    parts.push(`${s.name}: the target against ${s.count} ${s.mode}-sampled negatives drawn without replacement, excluding ${s.exclude}; ` +
      `same negatives for every model (test file ${s.files.test.path}${s.files.test.reused ? ', reused' : ''}).`);
    parts.push(formatMarkdownTable({ valid: valid[s.name] ?? {}, test: test[s.name] ?? {} }));
  }
  if (r.debias) {
    const d = r.debias;
    const rows: Record<string, Record<string, number>> = {};
    for (const a of d.atK) {
      rows[`top-${a.k}`] = {
        'aggregate diversity': a.aggregateDiversity, coverage: a.coverage, 'popularity (x uniform)': a.popularity * d.numItems,
        'head recall': a.headTorsoTail.head.recall, 'torso recall': a.headTorsoTail.torso.recall, 'tail recall': a.headTorsoTail.tail.recall,
        ...(a.preferenceRecall !== null ? { 'true-preference recall': a.preferenceRecall } : {}),
      };
    }
    rows['ground truth (test targets)'] = { 'aggregate diversity': d.groundTruth.aggregateDiversity, 'popularity (x uniform)': d.groundTruth.popularity * d.numItems };
    parts.push(`Debiasing metrics of the ${d.users} test users' top-K lists (history ${d.excludeHistory ? 'excluded' : 'included'}; ` +
      `p_data and head/torso/tail from ${d.popularitySource}). Popularity = E_A[p_data(y)] × #items: 1 for uniformly random ` +
      'recommendations, larger for popularity-biased ones; divide by the largest among compared models for the KDD popularity index.');
    parts.push(formatMarkdownTable(rows, { digits: 4, integerColumns: ['aggregate diversity'] }));
  }
  return parts.join('\n\n');
}

/**
 * The sentence on repeat targets (users whose target is in their history) after the full-ranking
 * line: how many per split and whether they were masked; empty for results without the count.
 */
function repeatTargetsNote(p: ProtocolInfo, valid: Record<string, number>, test: Record<string, number>): string {
  if (valid.repeatTargets === undefined && test.repeatTargets === undefined) return '';
  const n = (v: number | undefined): string => (v === undefined ? '?' : String(v));
  const how = p.repeatTargetsMasked ? 'masked with the history, counted as misses' : 'ranked with the other items';
  return ` Targets already in the user's history (repeats): ${n(valid.repeatTargets)} validation, ${n(test.repeatTargets)} test; ${how}.`;
}

/**
 * Terminal tables of flat metric records (see `evaluateSplit`): one aligned table per protocol, full
 * ranking first, rows = the given labels (e.g. `valid (epoch 3)`, `test`). With `info`, the
 * full-ranking title says whether the history was excluded (repeat targets then count as misses,
 * their number is the `repeatTargets` column).
 */
export function formatEvalTables(rows: Record<string, Record<string, number>>, label: string, info?: Pick<ProtocolInfo, 'excludeHistory'>): string {
  const split = Object.fromEntries(Object.entries(rows).map(([name, rec]) => [name, byProtocol(rec)]));
  const protocols = [...new Set(Object.values(split).flatMap((p) => Object.keys(p)))];
  const fullNote = info === undefined ? '' : info.excludeHistory ? ' (history excluded, repeats = misses)' : ' (history included)';
  return protocols.map((protocol) => {
    const table = Object.fromEntries(Object.entries(split).map(([name, p]) => [name, p[protocol] ?? {}]));
    return formatMetricsTable(table, { label: protocol === 'full' ? `${label} full ranking${fullNote}` : `${label} ${protocol}`, integerColumns: integerKeys(table) });
  }).join('\n\n');
}

/** Columns printed as integers: the user count, the repeat targets and the aggregate diversities (`AD@K`). */
function integerKeys(rows: Record<string, Record<string, number>>): string[] {
  return ['count', 'repeatTargets', ...new Set(Object.values(rows).flatMap((r) => Object.keys(r).filter((k) => k.startsWith('AD@'))))];
}
