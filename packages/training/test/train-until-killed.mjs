// Child process of resume-after-kill.test.ts: trains the recipe given as JSON (argv[2]) with the built
// package on the WASM backend, saving checkpoints as configured, until the parent kills it with SIGKILL.
import { initBackend } from '@clrec/backend/node';
import { train } from '../dist/node.js';

const config = JSON.parse(process.argv[2]);
await initBackend({ prefer: 'wasm', log: () => {} });
await train({ config, backend: 'wasm', log: () => {} });
process.stdout.write('finished\n');
