import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Loss, LossInput } from '@clrec/spec';
import { fullSoftmaxLoss } from './full-softmax';
import { sampledSoftmaxLoss } from './sampled-softmax';
import { negativeSamplingLoss } from './negative-sampling';
import { sharedNegativeSamplingLoss } from './shared-negative-sampling';
import { ipwLoss } from './ipw-loss';
import { Rng } from '@clrec/spec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Central finite differences (h = 1e-2, float32) of every differentiable input of each new loss —
// users, keys and (negative sampling) userNegatives — against tf.grads, as in infonce.test.ts.
const B = 3, N = 5, K = 2, D = 4;
type Diff = { users: number[]; keys: number[]; userNegatives?: number[] };

function checkGradients(loss: Loss, withNegatives: boolean, extra: (rng: Rng) => Omit<LossInput, 'users' | 'keys' | 'positives'>): void {
  const before = tf.memory().numTensors;
  const rng = new Rng(17);
  const x: Diff = {
    users: Array.from({ length: B * D }, () => rng.normal()),
    keys: Array.from({ length: N * D }, () => rng.normal()),
  };
  if (withNegatives) x.userNegatives = Array.from({ length: B * K * D }, () => rng.normal());
  const positives = tf.tensor1d([1, 0, 4], 'int32');
  const rest = extra(rng);
  const names = Object.keys(x) as (keyof Diff)[];
  const build = (v: Diff): tf.Tensor[] =>
    names.map((n) => (n === 'users' ? tf.tensor2d(v.users, [B, D]) : n === 'keys' ? tf.tensor2d(v.keys, [N, D]) : tf.tensor3d(v.userNegatives as number[], [B, K, D])));
  const run = (ts: tf.Tensor[]): tf.Scalar => {
    const input: LossInput = { users: ts[0] as tf.Tensor2D, keys: ts[1] as tf.Tensor2D, positives, ...rest };
    if (withNegatives) input.userNegatives = ts[2] as tf.Tensor3D;
    return loss.compute(input);
  };
  const f = (v: Diff): number => tf.tidy(() => run(build(v)).dataSync()[0]);
  const grads = tf.tidy(() => tf.grads((...ts: tf.Tensor[]) => run(ts))(build(x)).map((g) => Array.from(g.dataSync())));
  const h = 1e-2;
  names.forEach((name, gi) => {
    const base = x[name] as number[];
    for (let i = 0; i < base.length; i++) {
      const p = [...base]; p[i] += h;
      const m = [...base]; m[i] -= h;
      const numeric = (f({ ...x, [name]: p }) - f({ ...x, [name]: m })) / (2 * h);
      expect(grads[gi][i], `${loss.name} d/d${name}[${i}]`).toBeCloseTo(numeric, 2);
    }
  });
  tf.dispose([positives, ...Object.values(rest)]);
  expect(tf.memory().numTensors).toBe(before);
}

const logQ = (rng: Rng): tf.Tensor1D => tf.tensor1d(Array.from({ length: N }, () => Math.log(0.05 + rng.float())));
const keyMask = (): tf.Tensor2D => tf.tensor2d([[0, 0, -1e9, 0, 0], [0, 0, 0, 0, 0], [0, -1e9, 0, 0, 0]]);

describe('loss gradients vs central finite differences', () => {
  it('full-softmax (with mask)', () => checkGradients(fullSoftmaxLoss({ temperature: 0.5 }), false, () => ({ logitMask: keyMask() })));
  it('sampled-softmax (with logQ and mask)', () =>
    checkGradients(sampledSoftmaxLoss({ temperature: 0.5 }), false, (rng) => ({ logQ: logQ(rng), logitMask: keyMask() })));
  it('negative-sampling (users, keys, userNegatives; with [B,k] mask)', () =>
    checkGradients(negativeSamplingLoss({ temperature: 0.5 }), true, () => ({ logitMask: tf.tensor2d([[0, 0], [-1e9, 0], [0, 0]]) })));
  it('shared-negative-sampling (with mask)', () =>
    checkGradients(sharedNegativeSamplingLoss({ temperature: 0.5 }), false, () => ({ logitMask: keyMask() })));
  it('ipw (full and sampled base)', () => {
    checkGradients(ipwLoss({ temperature: 0.5 }), false, () => ({ exampleWeights: tf.tensor1d([0.5, 2, 1]) }));
    checkGradients(ipwLoss({ temperature: 0.5, base: 'sampled' }), false, (rng) => ({ logQ: logQ(rng), exampleWeights: tf.tensor1d([3, 1, 0.2]) }));
  });
});
