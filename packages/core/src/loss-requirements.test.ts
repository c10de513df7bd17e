import { describe, expect, it } from 'vitest';
import { fullSoftmaxLoss } from './full-softmax';
import { infoNceLoss } from './infonce';
import { ipwLoss } from './ipw-loss';
import { negativeSamplingLoss } from './negative-sampling';
import { sampledSoftmaxLoss } from './sampled-softmax';
import { sharedNegativeSamplingLoss } from './shared-negative-sampling';

describe('built-in losses as Loss plugins', () => {
  it('declare specification v1 and the optional inputs they need', () => {
    const losses = [
      infoNceLoss(),
      fullSoftmaxLoss(),
      sampledSoftmaxLoss(),
      negativeSamplingLoss(),
      sharedNegativeSamplingLoss(),
      ipwLoss(),
      ipwLoss({ base: 'sampled' }),
    ];
    expect(losses.map((l) => [l.name, l.specificationVersion, l.requires])).toEqual([
      ['infonce', 'v1', {}],
      ['full-softmax', 'v1', {}],
      ['sampled-softmax', 'v1', { logQ: true }],
      ['negative-sampling', 'v1', { userNegatives: true }],
      ['shared-negative-sampling', 'v1', {}],
      ['ipw', 'v1', { exampleWeights: true }],
      ['ipw', 'v1', { exampleWeights: true, logQ: true }],
    ]);
  });
});
