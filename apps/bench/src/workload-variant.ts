import { infoNceLoss, type Loss, type NegativeQueue, sampledSoftmaxLoss } from '@clrec/core';
import { CachedQueue, InterBatchQueue, SampledQueue } from '@clrec/queues';
import type { SyntheticCatalog } from './synthetic-data';
import type { Variant, WorkloadShape } from './workload-config';

/** The loss and negative source of a workload variant. */
export interface VariantParts {
  loss: Loss;
  queue: NegativeQueue;
}

/**
 * Builds a variant (WORKLOAD.md): `inter` = InterBatchQueue(Q) + InfoNCE (all Q keys re-encoded with
 * gradients), `cached` = CachedQueue(Q) + InfoNCE (only the batch's B keys encoded), `sampled-softmax` =
 * SampledQueue(Q draws from the Zipf popularity proposal) + logQ-corrected sampled softmax.
 */
export function makeVariant(variant: Variant, shape: WorkloadShape, catalog: SyntheticCatalog): VariantParts {
  const temperature = shape.temperature;
  switch (variant) {
    case 'inter':
      return { loss: infoNceLoss({ temperature }), queue: new InterBatchQueue(shape.queue) };
    case 'cached':
      return { loss: infoNceLoss({ temperature }), queue: new CachedQueue(shape.queue) };
    case 'sampled-softmax':
      return {
        loss: sampledSoftmaxLoss({ temperature }),
        queue: new SampledQueue({ sampler: catalog.popularity, numNegatives: shape.queue }),
      };
    default:
      throw new Error(`unknown variant "${String(variant)}"`);
  }
}
