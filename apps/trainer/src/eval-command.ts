import { evaluateCheckpoint } from '@clrec/training/node';

/**
 * `clrec eval`: `evaluateCheckpoint` with the command's flags (negatives reused from
 * `--eval-negatives-dir` when present, else `<run>/eval-negatives`); prints one table per protocol; returns the `eval.json` report.
 */
export async function evalCommand(args: {
  checkpoint: string;
  flags: Record<string, string | boolean | undefined>;
  backend: string;
  log: (line: string) => void;
}): Promise<Record<string, unknown>> {
  return (await evaluateCheckpoint(args.checkpoint, args.flags, args.backend, args.log)).report;
}
