import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@clrec/core';
import { formatMetricsTable } from '@clrec/metrics';
import { writeFileAtomic } from './atomic-write';
import { loadCheckpoint, restoreParams } from './checkpoint';
import { applyConfig } from './config';
import { prepareData } from './data';
import { evaluateFullRanking, sampleExamples } from './evaluate';
import { buildModel } from './model';

/**
 * `clrec eval`: loads a checkpoint, rebuilds its model and data split, and evaluates validation and test
 * users by full ranking. Prints a table and writes `eval.json` next to the checkpoint's run.
 */
export async function evalCommand(args: {
  checkpoint: string;
  flags: Record<string, string | boolean | undefined>;
  backend: string;
  log: (line: string) => void;
}): Promise<Record<string, Record<string, number>>> {
  const dir = existsSync(join(args.checkpoint, 'checkpoints', 'best')) ? join(args.checkpoint, 'checkpoints', 'best') : args.checkpoint;
  const ck = loadCheckpoint(dir);
  const overrides: Record<string, unknown> = {};
  if (args.flags.data !== undefined) overrides.data = args.flags.data;
  if (args.flags.excludeHistory !== undefined) overrides.excludeHistory = args.flags.excludeHistory === true ? 'true' : args.flags.excludeHistory;
  if (args.flags.maxEvalUsers !== undefined) overrides.maxEvalUsers = args.flags.maxEvalUsers;
  const config = applyConfig(applyConfig(ck.manifest.config, {}, `${ck.dir}/checkpoint.json`), overrides, 'command line');
  const data = prepareData(config, args.log);
  if (data.dataset.numItems !== ck.manifest.dataset.numItems) {
    throw new Error(`eval: the checkpoint has ${ck.manifest.dataset.numItems} items but ${config.data} has ${data.dataset.numItems}`);
  }
  const model = buildModel(config, data.dataset.numItems, new Rng(config.seed));
  try {
    restoreParams(ck, model.params);
    const opts = { ks: config.ks, maxLen: config.maxLen, excludeHistory: config.excludeHistory };
    const rows = {
      valid: evaluateFullRanking(model, sampleExamples(data.split.valid, config.maxEvalUsers, config.seed + 1), opts),
      test: evaluateFullRanking(model, sampleExamples(data.split.test, config.maxEvalUsers, config.seed + 2), opts),
    };
    args.log(`\n${formatMetricsTable(rows, { label: data.dataset.name })}\n`);
    const outFile = join(ck.dir, '..', '..', 'eval.json');
    writeFileAtomic(outFile, JSON.stringify({
      tool: 'clrec', command: 'eval', checkpoint: ck.dir, backend: args.backend, dataset: data.fingerprint,
      protocol: { kind: 'full-ranking', excludeHistory: config.excludeHistory, ties: 'pessimistic', maxEvalUsers: config.maxEvalUsers },
      metrics: rows,
    }, null, 2) + '\n');
    args.log(`eval: wrote ${outFile}`);
    return rows;
  } finally {
    model.dispose();
  }
}
