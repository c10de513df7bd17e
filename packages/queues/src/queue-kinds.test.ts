import { AliasSampler, Rng, type NegativeQueue } from '@clrec/core';
import { ItemIdEmbedding } from '@clrec/encoders';
import { describe, expect, it } from 'vitest';
import { CachedQueue } from './cached-queue';
import { FullCatalogQueue } from './full-catalog-queue';
import { InBatchQueue } from './in-batch-queue';
import { InterBatchQueue } from './inter-batch-queue';
import { MomentumQueue } from './momentum-queue';
import { PerUserSampledQueue } from './per-user-sampled-queue';
import { SampledQueue } from './sampled-queue';

describe('queue plugin fields', () => {
  it('declare specification v1 and their kind', () => {
    const sampler = new AliasSampler([0, 1, 2, 3]);
    const item = new ItemIdEmbedding({ numItems: 3, dim: 2, rng: new Rng(1) });
    const queues: NegativeQueue[] = [
      new InBatchQueue(),
      new InterBatchQueue(8),
      new CachedQueue(8),
      new MomentumQueue({ capacity: 8, momentum: 0.9, itemEncoder: item }),
      new SampledQueue({ sampler, numNegatives: 4 }),
      new PerUserSampledQueue({ sampler, negativesPerPositive: 2 }),
      new FullCatalogQueue(3),
    ];
    expect(queues.map((q) => [q.name, q.specificationVersion, q.kind])).toEqual([
      ['in-batch', 'v1', 'fifo'],
      ['inter', 'v1', 'fifo'],
      ['cached', 'v1', 'fifo'],
      ['moco', 'v1', 'fifo'],
      ['sampled', 'v1', 'sampler'],
      ['per-user', 'v1', 'sampler'],
      ['full', 'v1', 'catalog'],
    ]);
    for (const q of queues) q.dispose();
    for (const v of item.variables()) v.variable.dispose();
  });
});
