#!/usr/bin/env node
import { buildProgram } from './cli-program';

buildProgram()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    const err = e as Error;
    process.stderr.write(`clrec-bench: ${err.message}\n`);
    if (process.env.CLREC_DEBUG) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
