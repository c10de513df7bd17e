// Child process of checkpoint-kill.test.ts: saves a checkpoint of a few MB to <dir>/last in a loop
// with the built package, printing "ready" once loaded and "saved <k>" after each save, until killed.
// Save k holds weights[i] = k * 1000 + i % 1000 and Adam moments m = v = k, so a reader can tell a
// complete save from a mix of two.
import { saveCheckpoint } from '../dist/node.js';

const [dir, firstArg, floatsArg] = process.argv.slice(2);
const floats = Number(floatsArg);
const half = floats / 2;
const variable = (name, values) => ({ name, variable: { shape: [values.length], data: async () => values } });
const a = new Float32Array(half);
const b = new Float32Array(half);
const m = new Float32Array(floats);
const dataset = { name: 'kill-test', numUsers: 1, numItems: 3, interactions: 3 };
const model = {
  numItems: 3, dim: 4, similarity: 'cosine', item: { features: [], labelFeatures: true }, timeBuckets: 0, u2uKey: false,
  user: { kind: 'mean-mlp', maxLen: 5, positional: 'forward' },
};
process.stdout.write('ready\n');
for (let k = Number(firstArg); ; k++) {
  for (let i = 0; i < half; i++) {
    a[i] = k * 1000 + (i % 1000);
    b[i] = k * 1000 + ((i + half) % 1000);
  }
  m.fill(k);
  const slots = [{ name: 'a', shape: [half], m: m.subarray(0, half), v: m.subarray(0, half) }, { name: 'b', shape: [half], m: m.subarray(half), v: m.subarray(half) }];
  await saveCheckpoint(dir, { dataset, state: { globalStep: k }, itemIds: ['', 'x', 'y', 'z'], model }, [variable('a', a), variable('b', b)], { step: k, slots });
  process.stdout.write(`saved ${k}\n`);
}
