import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampledSoftmaxLoss } from './sampled-softmax';
import { fullSoftmaxLoss } from './full-softmax';
import { infoNceLoss } from './infonce';
import { popularitySampler } from './candidate-samplers';
import { Rng } from '@clrec/spec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sampledSoftmaxLoss', () => {
  it('matches a hand computation (logQ subtracted from positive and negative logits)', () => {
    const before = tf.memory().numTensors;
    // users unit [1,0], [0,1]; keys unit [1,0], [0,1], [.707107,.707107]; temperature 1
    // raw logits u1 = [1, 0, .707107], u2 = [0, 1, .707107]
    // logQ = log[.5, .25, .25] = [-.693147, -1.386294, -1.386294]
    // corrected u1 = [1.693147, 1.386294, 2.093401] -> exp = [5.436564, 4, 8.112460], Σ = 17.549024
    //   lse = 2.864998, positive k0: CE = 2.864998 - 1.693147 = 1.171851
    // corrected u2 = [0.693147, 2.386294, 2.093401] -> exp = [2, 10.873127, 8.112460], Σ = 20.985587
    //   lse = 3.043836, positive k2: CE = 3.043836 - 2.093401 = 0.950435
    // mean = (1.171851 + 0.950435) / 2 = 1.061143
    const users = tf.tensor2d([[1, 0], [0, 2]]);
    const keys = tf.tensor2d([[1, 0], [0, 3], [1, 1]]);
    const positives = tf.tensor1d([0, 2], 'int32');
    const logQ = tf.tensor1d([Math.log(0.5), Math.log(0.25), Math.log(0.25)]);
    const loss = sampledSoftmaxLoss({ temperature: 1 });
    expect(loss.name).toBe('sampled-softmax');
    const value = loss.compute({ users, keys, positives, logQ });
    expect(value.dataSync()[0]).toBeCloseTo(1.061143, 5);
    // a mask drops k1 from row 1: Σ = 5.436564 + 8.112460 = 13.549024, lse = 2.606314,
    // CE1 = 2.606314 - 1.693147 = 0.913167; mean = (0.913167 + 0.950435) / 2 = 0.931801
    const logitMask = tf.tensor2d([[0, -1e9, 0], [0, 0, 0]]);
    const masked = loss.compute({ users, keys, positives, logQ, logitMask });
    expect(masked.dataSync()[0]).toBeCloseTo(0.931801, 5);
    tf.dispose([users, keys, positives, logQ, value, logitMask, masked]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with all logQ equal it equals InfoNCE (a constant shift cancels in the softmax)', () => {
    const before = tf.memory().numTensors;
    const rng = new Rng(11);
    const users = tf.tensor2d(Array.from({ length: 12 }, () => rng.normal()), [3, 4]);
    const keys = tf.tensor2d(Array.from({ length: 20 }, () => rng.normal()), [5, 4]);
    const positives = tf.tensor1d([1, 0, 4], 'int32');
    const logQ = tf.fill([5], Math.log(0.01)) as tf.Tensor1D;
    const a = sampledSoftmaxLoss({ temperature: 0.2 }).compute({ users, keys, positives, logQ });
    const b = infoNceLoss({ temperature: 0.2 }).compute({ users, keys, positives });
    expect(a.dataSync()[0]).toBeCloseTo(b.dataSync()[0], 4);
    tf.dispose([users, keys, positives, logQ, a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('requires logQ of shape [numKeys]', () => {
    const before = tf.memory().numTensors;
    const users = tf.tensor2d([[1, 0]]);
    const keys = tf.tensor2d([[1, 0], [0, 1]]);
    const positives = tf.tensor1d([0], 'int32');
    const loss = sampledSoftmaxLoss();
    expect(() => loss.compute({ users, keys, positives })).toThrow(/logQ is required/);
    const bad = tf.tensor1d([0, 0, 0]);
    expect(() => loss.compute({ users, keys, positives, logQ: bad })).toThrow(/logQ has shape \[3\], expected \[2\]/);
    tf.dispose([users, keys, positives, bad]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('its user gradient approaches the full-softmax gradient as the number of negatives grows', () => {
    const before = tf.memory().numTensors;
    // Catalog of 200 ids (0 = padding), d = 8, random unit vectors, Zipf-like counts 1000 / id.
    // Proposal q ∝ count (popularitySampler, power 1). Keys = [B positives ; L negatives drawn with
    // replacement]; logQ = log(L·q(y)) (TF's log expected count) for positives and negatives alike;
    // the other rows' positives are masked so each row sees only its positive and the L draws.
    // Accidental hits are NOT removed: then Σ_i exp φ(y_i) / (L q(y_i)) is an unbiased estimate of the
    // full partition function, so the gradient is consistent as L → ∞.
    const V = 200, d = 8, B = 4, temperature = 0.5, repeats = 6;
    const rng = new Rng(2024);
    const emb: number[][] = [];
    for (let i = 0; i < V; i++) {
      const v = Array.from({ length: d }, () => rng.normal());
      const n = Math.hypot(...v);
      emb.push(v.map((x) => x / n));
    }
    const counts = Array.from({ length: V }, (_, i) => (i === 0 ? 0 : Math.floor(1000 / i)));
    const sampler = popularitySampler(counts);
    const posIds = [1, 7, 40, 150];
    const users = tf.tensor2d(Array.from({ length: B * d }, () => rng.normal()), [B, d]);
    const gradOf = (loss: (u: tf.Tensor2D) => tf.Scalar): Float32Array =>
      tf.tidy(() => tf.grad((u: tf.Tensor) => loss(u as tf.Tensor2D))(users).dataSync() as Float32Array);

    const full = fullSoftmaxLoss({ temperature });
    const gFull = tf.tidy(() => {
      const keys = tf.tensor2d(emb.slice(1));
      const positives = tf.tensor1d(posIds.map((id) => id - 1), 'int32');
      return gradOf((u) => full.compute({ users: u, keys, positives }));
    });
    const sampled = sampledSoftmaxLoss({ temperature });
    // Returns the relative error of the averaged gradient with the logQ correction and, on the same
    // draws, without it (logQ = 0: the uncorrected contrastive loss, which is biased towards the proposal).
    const relErr = (L: number): [number, number] => {
      const avg = [new Float64Array(B * d), new Float64Array(B * d)];
      for (let r = 0; r < repeats; r++) {
        const neg = sampler.sample(rng, L);
        const ids = [...posIds, ...neg];
        [true, false].forEach((corrected, c) => {
          const g = tf.tidy(() => {
            const keys = tf.tensor2d(ids.map((id) => emb[id]));
            const positives = tf.tensor1d([0, 1, 2, 3], 'int32');
            const logQ = tf.tensor1d(ids.map((id) => (corrected ? Math.log(L * sampler.prob(id)) : 0)));
            const mask = new Float32Array(B * (B + L));
            for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) if (i !== j) mask[i * (B + L) + j] = -1e9;
            const logitMask = tf.tensor2d(mask, [B, B + L]);
            return gradOf((u) => sampled.compute({ users: u, keys, positives, logQ, logitMask }));
          });
          for (let i = 0; i < g.length; i++) avg[c][i] += g[i] / repeats;
        });
      }
      return avg.map((a) => {
        let num = 0, den = 0;
        for (let i = 0; i < a.length; i++) {
          num += (a[i] - gFull[i]) ** 2;
          den += gFull[i] ** 2;
        }
        return Math.sqrt(num / den);
      }) as [number, number];
    };
    const res = [10, 100, 1000].map(relErr);
    const errs = res.map((e) => e[0]);
    // seed 2024: corrected ≈ 0.271, 0.100, 0.031; uncorrected ≈ 0.278, 0.194, 0.204 (its bias does not vanish)
    expect(errs[1]).toBeLessThan(errs[0]);
    expect(errs[2]).toBeLessThan(errs[1]);
    expect(errs[2]).toBeLessThan(0.1);
    expect(res[2][1]).toBeGreaterThan(0.1);
    expect(res[2][1]).toBeGreaterThan(3 * errs[2]);
    users.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
