import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@clrec/core';
import { writeFileAtomic } from './atomic-write';
import { loadCheckpoint, restoreParams } from './checkpoint';
import { applyConfig, DEFAULT_CONFIG } from './config';
import { prepareData } from './data';
import { evaluateDebias } from './evaluate-debias';
import { evaluateSplit, prepareEvaluation } from './evaluate-plan';
import { buildModel } from './model';
import { formatEvalMarkdown, formatEvalTables } from './outputs';

/** `clrec eval` flags that override the checkpoint's evaluation settings (camelCase config keys). */
export const EVAL_OVERRIDE_KEYS = [
  'data', 'excludeHistory', 'popularityPrior', 'maxEvalUsers', 'evalProtocols', 'evalNegatives', 'evalNegativesDir', 'evalSeed', 'debiasKs', 'ks',
] as const;

/**
 * `clrec eval`: loads a checkpoint, rebuilds its model and data split, and evaluates validation and
 * test users by full ranking plus the configured sampled protocols (`--eval-protocols`; negatives
 * reused from `--eval-negatives-dir` when present, else `<run>/eval-negatives`), and computes the test
 * debiasing metrics. Prints one table per protocol and writes `eval.json` + `eval.md` next to the
 * checkpoint's run.
 */
export async function evalCommand(args: {
  checkpoint: string;
  flags: Record<string, string | boolean | undefined>;
  backend: string;
  log: (line: string) => void;
}): Promise<Record<string, Record<string, number>>> {
  const dir = existsSync(join(args.checkpoint, 'checkpoints', 'best')) ? join(args.checkpoint, 'checkpoints', 'best') : args.checkpoint;
  const ck = loadCheckpoint(dir);
  const runDir = join(ck.dir, '..', '..');
  const overrides: Record<string, unknown> = { out: runDir };
  for (const key of EVAL_OVERRIDE_KEYS) {
    const v = args.flags[key];
    if (v !== undefined) overrides[key] = v === true ? 'true' : v;
  }
  // defaults first: checkpoints written before a config key existed lack it
  const saved = applyConfig(DEFAULT_CONFIG, ck.manifest.config as unknown as Record<string, unknown>, `${ck.dir}/checkpoint.json`);
  const config = applyConfig(saved, overrides, 'command line');
  const data = prepareData(config, args.log);
  if (data.dataset.numItems !== ck.manifest.dataset.numItems) {
    throw new Error(`eval: the checkpoint has ${ck.manifest.dataset.numItems} items but ${config.data} has ${data.dataset.numItems}`);
  }
  const plan = await prepareEvaluation(config, data, args.log);
  const model = buildModel(config, data.dataset.numItems, new Rng(config.seed), data.dataset);
  try {
    restoreParams(ck, model.params);
    const valid = evaluateSplit(model, plan.valid, config, Math.max(...config.debiasKs)).metrics;
    const testEval = evaluateSplit(model, plan.test, config, Math.max(...config.debiasKs));
    const rows = { valid, test: testEval.metrics };
    const debias = evaluateDebias(testEval.topK, plan.test.examples, data, config);
    args.log(`\n${formatEvalTables(rows, data.dataset.name)}\n`);
    const outFile = join(runDir, 'eval.json');
    const report = {
      tool: 'clrec', command: 'eval', checkpoint: ck.dir, backend: args.backend,
      dataset: { ...data.fingerprint, split: config.split, validUsers: plan.valid.examples.length, testUsers: plan.test.examples.length },
      protocol: plan.protocol, metrics: rows, debias,
    };
    writeFileAtomic(outFile, JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(runDir, 'eval.md'), `# CLRec evaluation: ${data.dataset.name}\n\nCheckpoint ${ck.dir}.\n\n${formatEvalMarkdown(report)}\n`);
    args.log(`eval: wrote ${outFile} and eval.md`);
    return rows;
  } finally {
    model.dispose();
  }
}
