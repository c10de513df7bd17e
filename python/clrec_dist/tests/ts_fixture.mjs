// Writes the TypeScript side of the twin's tests into OUT (argv[2]), from the built @clrec/training dist:
//   init/         the checkpoint of a tiny paper-multiatt model right after buildModelFromConfig (seeded Rng)
//   forward/      the same model with every parameter randomised (biases too), and forward.json: the
//                 encodeUsers outputs of a few histories (longer than maxLen, length 1, ...)
//   train-<r>/    a `train()` run (1 process, ids only, batch 8, 2 epochs) on the sequence file DATA (argv[3]) for
//                 the runs r below (inter, cached, and each with other options), the step losses in losses.json
// Usage: node ts_fixture.mjs OUT DATA
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = resolve(new URL('.', import.meta.url).pathname, '../../..');
const training = await import(pathToFileURL(join(repo, 'packages/training/dist/node.js')).href);
const core = await import(pathToFileURL(join(repo, 'packages/core/dist/index.js')).href);
const { buildModelFromConfig, encodeUsers, resolveRecipe, restoreParams, saveCheckpoint, train } = training;
const { Rng } = core;

const [out, data] = [process.argv[2], process.argv[3]];
mkdirSync(out, { recursive: true });
const recipe = { itemFeatures: 'none', timeBuckets: 'none', dim: 16, heads: 4, hidden: 8, maxLen: 6, seed: 7, batchSize: 8, queueSize: 24 };
const config = resolveRecipe({ preset: 'paper-multiatt', flags: { ...recipe, data: 'unused', out } });
const numItems = 30;
const itemIds = ['', ...Array.from({ length: numItems }, (_, i) => `i${i + 1}`)];
const dataset = { name: 'fixture', numUsers: 1, numItems, interactions: 1 };
const state = { epoch: 0, stepInEpoch: 0, epochLoss: { sum: 0, count: 0 }, globalStep: 0, epochRngState: new Rng(0).getState(), samplerRngState: new Rng(0).getState(), queue: { name: 'inter', capacity: 24, items: [] }, history: [], best: null, sinceBest: 0, wallSeconds: 0 };

const model = buildModelFromConfig(config, numItems, new Rng(config.seed));
await saveCheckpoint(join(out, 'init'), { config, dataset, state, itemIds, model: model.options }, model.params, null);

// every parameter randomised (seeded), so biases and the positional table matter in the forward check
const r = new Rng(123);
let total = 0;
const layout = model.params.map((p) => {
  const size = p.variable.shape.reduce((a, b) => a * b, 1);
  const row = { name: p.name, shape: [...p.variable.shape], offset: total };
  total += size;
  return row;
});
const weights = new Float32Array(total);
for (let i = 0; i < total; i++) weights[i] = r.normal() * 0.3;
restoreParams({ dir: out, manifest: { params: layout }, weights }, model.params);
await saveCheckpoint(join(out, 'forward'), { config, dataset, state, itemIds, model: model.options }, model.params, null);
const histories = [[1], [3, 4], [5, 6, 7, 8, 9, 10, 11, 12, 13], [30, 29, 28], [2, 2, 2, 7], [17, 1, 25, 9, 3, 14]];
const users = encodeUsers(model, histories.map((h) => ({ history: h })), config.maxLen);
writeFileSync(join(out, 'forward.json'), JSON.stringify({ histories, maxLen: config.maxLen, users: users.arraySync() }));
users.dispose();
model.dispose();

// the two queues with the defaults, and each with options the twin also implements
const runs = {
  inter: { queue: 'inter' },
  cached: { queue: 'cached' },
  'cached-opts': { queue: 'cached', maskOwnItems: true, positional: 'backward', similarity: 'dot', temperature: 0.5 },
  'inter-opts': { queue: 'inter', maskAccidentalHits: true, positional: 'none', sparseEmbeddings: false, learningRate: 0.003 },
};
for (const [name, flags] of Object.entries(runs)) {
  const dir = join(out, `train-${name}`);
  const losses = [];
  const c = resolveRecipe({ preset: 'paper-multiatt', flags: { ...recipe, ...flags, data, out: dir, epochs: 2, checkpointEvery: 0, patience: 0 } });
  await train({
    config: c, backend: 'cpu', log: () => {},
    callbacks: [{ specificationVersion: 'v1', name: 'losses', onStepEnd: (e) => { losses.push(e.loss); } }],
  });
  writeFileSync(join(dir, 'losses.json'), JSON.stringify(losses));
}
console.log(`ts_fixture: wrote ${out}`);
