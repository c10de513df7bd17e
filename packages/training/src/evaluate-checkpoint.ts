import { join } from 'node:path';
import { Rng } from '@clrec/core';
import { resolveDirWithFallback, writeFileAtomic } from './atomic-write';
import { loadCheckpoint, restoreParams } from './checkpoint';
import { assertFiniteParams } from './checkpoint-verify';
import { applyConfig, DEFAULT_CONFIG } from './config';
import { prepareData } from './data';
import { type DebiasResults, evaluateDebias } from './evaluate-debias';
import { evaluateSplit, prepareEvaluation } from './evaluate-plan';
import { buildModelFromConfig } from './model';
import { formatEvalMarkdown, formatEvalTables } from './outputs';

/** `clrec eval` flags that override the checkpoint's evaluation settings (camelCase config keys). */
export const EVAL_OVERRIDE_KEYS = [
  'data', 'excludeHistory', 'popularityPrior', 'maxEvalUsers', 'evalProtocols', 'evalNegatives', 'evalNegativesDir', 'evalSeed', 'debiasKs', 'ks',
] as const;

/** What {@link evaluateCheckpoint} computes. */
export interface CheckpointEvaluation {
  /** Flat metric records of both splits (full-ranking keys and `<protocol>:<metric>` keys). */
  rows: { valid: Record<string, number>; test: Record<string, number> };
  /** Test debiasing metrics of the top-K lists. */
  debias: DebiasResults;
  /** The `eval.json` contents (also written next to the run). */
  report: Record<string, unknown>;
}

/**
 * Loads a checkpoint, rebuilds its model and data split with `overrides` (camelCase config keys of
 * {@link EVAL_OVERRIDE_KEYS}, strings or values) on top of its stored config, evaluates validation and
 * test users by full ranking plus the configured sampled protocols, computes the test debiasing metrics,
 * and writes `eval.json` + `eval.md` next to the checkpoint's run. Used by `clrec eval` and by the
 * paper benchmark (re-evaluation with a popularity prior).
 * @throws Error when the data no longer matches the checkpoint (item count), or naming the checkpoint's
 * file when it is damaged, holds no recipe (`checkpoint.json`) or non-finite weights (`weights.bin`)
 */
export async function evaluateCheckpoint(checkpoint: string, overrides: Record<string, unknown>, backend: string, log: (line: string) => void): Promise<CheckpointEvaluation> {
  const best = join(checkpoint, 'checkpoints', 'best');
  const ck = loadCheckpoint(resolveDirWithFallback(best) ? best : checkpoint);
  assertFiniteParams(ck); // before reading any data: a diverged model is not worth evaluating
  const runDir = join(ck.dir, '..', '..');
  const chosen: Record<string, unknown> = { out: runDir };
  for (const key of EVAL_OVERRIDE_KEYS) {
    const v = overrides[key];
    if (v !== undefined) chosen[key] = v === true ? 'true' : v;
  }
  // defaults first: checkpoints written before a config key existed lack it
  if (!ck.manifest.config) throw new Error(`${join(ck.dir, 'checkpoint.json')}: has no "config" (the recipe; saved from the library without meta.config), so clrec eval cannot know its data and split; evaluate it with evaluateProtocols on your split`);
  const saved = applyConfig(DEFAULT_CONFIG, ck.manifest.config as unknown as Record<string, unknown>, `${ck.dir}/checkpoint.json`);
  const config = applyConfig(saved, chosen, 'command line');
  const data = prepareData(config, log);
  if (data.dataset.numItems !== ck.manifest.dataset.numItems) {
    throw new Error(`eval: the checkpoint has ${ck.manifest.dataset.numItems} items but ${config.data} has ${data.dataset.numItems}`);
  }
  const plan = await prepareEvaluation(config, data, log);
  const model = buildModelFromConfig(config, data.dataset.numItems, new Rng(config.seed), data.dataset);
  try {
    restoreParams(ck, model.params);
    const valid = (await evaluateSplit(model, plan.valid, config, Math.max(...config.debiasKs))).metrics;
    const testEval = await evaluateSplit(model, plan.test, config, Math.max(...config.debiasKs));
    const rows = { valid, test: testEval.metrics };
    const debias = evaluateDebias(testEval.topK, plan.test.examples, data, config);
    log(`\n${formatEvalTables(rows, data.dataset.name, plan.protocol)}\n`);
    const outFile = join(runDir, 'eval.json');
    const report = {
      tool: 'clrec', command: 'eval', checkpoint: ck.dir, backend,
      dataset: { ...data.fingerprint, split: config.split, validUsers: plan.valid.examples.length, testUsers: plan.test.examples.length },
      protocol: plan.protocol, metrics: rows, debias,
    };
    writeFileAtomic(outFile, JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(runDir, 'eval.md'), `# CLRec evaluation: ${data.dataset.name}\n\nCheckpoint ${ck.dir}.\n\n${formatEvalMarkdown(report)}\n`);
    log(`eval: wrote ${outFile} and eval.md`);
    return { rows, debias, report };
  } finally {
    model.dispose();
  }
}

