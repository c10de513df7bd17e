import * as tf from '@tensorflow/tfjs';
import { Rng } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { balanceLoss, intentionMatchLoss, routingPolarityLoss } from './aux-losses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const value = (f: () => tf.Scalar): number => tf.tidy(() => f().dataSync()[0]);

/** Central differences (h = 1e-2, float32) of a scalar function of one flat input, against tf.grad. */
function checkGrad(f: (x: tf.Tensor) => tf.Scalar, x0: number[], shape: number[]): void {
  const before = tf.memory().numTensors;
  const grad = tf.tidy(() => Array.from(tf.grad(f)(tf.tensor(x0, shape)).dataSync()));
  const h = 1e-2;
  for (let i = 0; i < x0.length; i++) {
    const p = [...x0]; p[i] += h;
    const m = [...x0]; m[i] -= h;
    const numeric = (value(() => f(tf.tensor(p, shape))) - value(() => f(tf.tensor(m, shape)))) / (2 * h);
    expect(grad[i], `d/dx[${i}]`).toBeCloseTo(numeric, 2);
  }
  expect(tf.memory().numTensors).toBe(before);
}

describe('aux 1: routing polarity (Eq. 10)', () => {
  it('is −log p_{h⁺|T} averaged over the batch (hand computation)', () => {
    // row 0: p' = (1, 2, 0): logsumexp = log(e + e² + 1) = 2.4076060, max 2 → 0.4076060
    // row 1: p' = (0.5, −1, 0.5): logsumexp = 0.5 + log(2 + e^−1.5) = 1.2989162, max 0.5 → 0.7989162
    // mean = 0.6032611
    const before = tf.memory().numTensors;
    expect(value(() => routingPolarityLoss(tf.tensor2d([[1, 2, 0], [0.5, -1, 0.5]])))).toBeCloseTo(0.6032611, 5);
    // a polarised routing (one logit far above the rest) costs ≈ 0
    expect(value(() => routingPolarityLoss(tf.tensor2d([[30, 0, 0]])))).toBeCloseTo(0, 5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has the finite-difference gradient', () => {
    checkGrad((x) => routingPolarityLoss(x as tf.Tensor2D), [1, 2, 0, 0.4, -1, 0.7], [2, 3]);
  });
});

describe('aux 2: intention match (Eq. 11)', () => {
  it('is −log softmax_h(cos(z_h, g(y_T))/ρ)[h⁺] (hand computation, ρ = 1)', () => {
    // row 0: z = (1,0), (1,1); g = (0,2): s = (0, 0.7071068); h⁺ = argmax(0.3, 0.1) = 0
    //        → log(1 + e^0.7071068) − 0 = 1.1079403
    // row 1: z = (0,1), (2,0); g = (1,1): s = (0.7071068, 0.7071068); h⁺ = 1 → log 2 = 0.6931472
    // mean = 0.9005437
    const before = tf.memory().numTensors;
    const v = value(() => intentionMatchLoss(
      tf.tensor3d([[[1, 0], [1, 1]], [[0, 1], [2, 0]]]), tf.tensor2d([[0, 2], [1, 1]]), tf.tensor2d([[0.3, 0.1], [0, 1]]), 1,
    ));
    expect(v).toBeCloseTo(0.9005437, 5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has the finite-difference gradient in z and g(y_T) (h⁺ fixed)', () => {
    const rng = new Rng(5);
    const z = Array.from({ length: 2 * 3 * 4 }, () => rng.normal());
    const g = Array.from({ length: 2 * 4 }, () => rng.normal());
    const logits = [[0.2, 0.9, -0.1], [1.5, 0.3, 0.2]];
    checkGrad((x) => intentionMatchLoss(x as tf.Tensor3D, tf.tensor2d(g, [2, 4]), tf.tensor2d(logits), 0.5), z, [2, 3, 4]);
    checkGrad((x) => intentionMatchLoss(tf.tensor3d(z, [2, 3, 4]), x as tf.Tensor2D, tf.tensor2d(logits), 0.5), g, [2, 4]);
  });
});

describe('aux 3: balance (Eq. 12)', () => {
  it('is KL(uniform ‖ π) with π the weighted mean routing (hand computation)', () => {
    // rows (0.7,0.2,0.1), (0.1,0.6,0.3) with weight 1 and (0.2,0.2,0.6) with weight 0 (padding):
    // π = (0.4, 0.4, 0.2); loss = Σ_h ⅓ (log ⅓ − log π_h) = −1.0986123 + ⅓(0.9162907·2 + 1.6094379) = 0.0487275
    const before = tf.memory().numTensors;
    const routing = [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]];
    expect(value(() => balanceLoss(tf.tensor2d(routing), tf.tensor1d([1, 1, 0])))).toBeCloseTo(0.0487275, 5);
    // balanced routing costs 0; without weights every row counts
    expect(value(() => balanceLoss(tf.tensor2d([[0.5, 0.5], [0.9, 0.1], [0.1, 0.9]])))).toBeCloseTo(0, 6);
    expect(value(() => balanceLoss(tf.tensor2d([[1, 0], [1, 0]])))).toBeGreaterThan(5); // π₂ = 0 → floored at 1e-8
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has the finite-difference gradient in the routing probabilities', () => {
    checkGrad((x) => balanceLoss(tf.softmax(x) as tf.Tensor2D, tf.tensor1d([1, 0.5, 1])), [0.3, -0.2, 1, 0.5, 0.1, -0.4, 2, 0, 1], [3, 3]);
  });
});
