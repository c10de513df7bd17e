import { Rng } from '@clrec/core';
import { loadServingModel, prepareData } from '@clrec/training/node';
import { readTrainedEmbeddings, type VectorSet } from './retrieval-data';

/**
 * The `trained` catalog: the item embeddings a `clrec train` run wrote (`item-embeddings.bin`), and as
 * queries the user vectors f(x) its checkpoint computes for `numQueries` test users of its dataset
 * (seeded sample; each user's history before the held-out test item), i.e. the serving workload.
 * @throws Error when the run's files are missing or the embeddings and the checkpoint disagree
 */
export function loadTrainedSet(runDir: string, numQueries: number, seed: number, log: (line: string) => void): VectorSet {
  const emb = readTrainedEmbeddings(runDir);
  const model = loadServingModel(runDir, log);
  try {
    const rows = emb.vectors.length / emb.dim;
    if (rows !== model.numItems || emb.dim !== model.dim) {
      throw new Error(`${runDir}: item-embeddings.bin holds ${rows} × ${emb.dim} but the checkpoint has ${model.numItems} items of dim ${model.dim}`);
    }
    const data = prepareData(model.config, log);
    const test = data.split.test;
    if (test.length === 0) throw new Error(`${runDir}: the dataset ${model.config.data} has no test users to draw queries from`);
    const picked = new Rng(seed).shuffle(Array.from(test.keys())).slice(0, Math.min(numQueries, test.length));
    const queries = new Float32Array(picked.length * model.dim);
    for (let i = 0; i < picked.length; i += 256) {
      const part = picked.slice(i, i + 256).map((j) => test[j]);
      queries.set(model.encode(part), i * model.dim);
    }
    return {
      name: 'trained', dim: emb.dim, items: emb.vectors, queries,
      description: `item embeddings of ${runDir} (${data.dataset.name}, ${model.config.userEncoder}); queries: f(x) of ${picked.length} sampled test users`,
    };
  } finally {
    model.dispose();
  }
}
