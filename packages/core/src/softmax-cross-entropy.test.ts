import * as tf from '@tensorflow/tfjs';
import { KERNEL_NAMES } from '@clrec/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from './softmax-cross-entropy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The loss rows and d(Σ_r w_r · loss_r)/dlogits of softmaxCrossEntropy on the active backend. */
function lossAndGrad(logits: number[][], positives: number[], w: number[]) {
  return tf.tidy(() => {
    const x = tf.tensor2d(logits);
    const p = tf.tensor1d(positives, 'int32');
    const weights = tf.tensor1d(w);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(softmaxCrossEntropy(t as tf.Tensor2D, p), weights)))(x);
    return { loss: softmaxCrossEntropy(x, p).arraySync(), grad: grad.arraySync() as number[][] };
  });
}

describe('softmaxCrossEntropy', () => {
  const logits = [[1, 2, 3], [0, 0, -1e9]];
  const positives = [2, 0];
  const w = [1, 2];

  it('stock ops: hand-computed loss and gradient', () => {
    const r = lossAndGrad(logits, positives, w);
    // row 0: ln(e + e² + e³) − 3 = 0.4076059; row 1: ln 2 = 0.6931472 (the −1e9 logit adds nothing)
    expect(r.loss[0]).toBeCloseTo(0.4076059, 5);
    expect(r.loss[1]).toBeCloseTo(0.6931472, 5);
    // gradient = (softmax − onehot) · w_r: row 0 = [0.0900306, 0.2447285, −0.334759], row 1 = 2·[−0.5, 0.5, 0]
    const want = [[0.0900306, 0.2447285, -0.334759], [-1, 1, 0]];
    for (let i = 0; i < 2; i++) for (let c = 0; c < 3; c++) expect(Math.abs(r.grad[i][c] - want[i][c])).toBeLessThan(1e-5);
  });

  describe('with fused kernels registered on the backend', () => {
    let forward = 0;
    let backward = 0;
    beforeAll(() => {
      // Stand-ins for a backend's fused kernels (the same maths through the cpu backend's own kernels),
      // to check the dispatch: softmaxCrossEntropy must route through them and give the same values.
      // Stand-ins for a backend's fused kernels (plain loops over the cpu backend's arrays), to check
      // the dispatch: softmaxCrossEntropy must route forward and backward through them, same values.
      type Info = { dataId: object; shape: number[] };
      type CpuLike = { readSync(id: object): Float32Array | Int32Array; makeTensorInfo(shape: number[], dtype: string, v: Float32Array): Info };
      tf.registerKernel({
        kernelName: KERNEL_NAMES.softmaxCrossEntropy, backendName: 'cpu',
        kernelFunc: ({ inputs, backend }) => {
          forward++;
          const b = backend as unknown as CpuLike;
          const { logits, positives } = inputs as unknown as { logits: Info; positives: Info };
          const [rows, cols] = logits.shape;
          const x = b.readSync(logits.dataId);
          const p = b.readSync(positives.dataId);
          const loss = new Float32Array(rows);
          const probs = new Float32Array(rows * cols);
          for (let r = 0; r < rows; r++) {
            const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
            const m = Math.max(...row);
            const e = row.map((v) => Math.exp(v - m));
            const sum = e.reduce((a, v) => a + v, 0);
            e.forEach((v, c) => { probs[r * cols + c] = v / sum; });
            loss[r] = Math.log(sum) + m - row[p[r]];
          }
          return [b.makeTensorInfo([rows], 'float32', loss), b.makeTensorInfo([rows, cols], 'float32', probs)] as unknown as tf.TensorInfo[];
        },
      });
      tf.registerKernel({
        kernelName: KERNEL_NAMES.softmaxCrossEntropyGrad, backendName: 'cpu',
        kernelFunc: ({ inputs, backend }) => {
          backward++;
          const b = backend as unknown as CpuLike;
          const { probs, positives, dy } = inputs as unknown as { probs: Info; positives: Info; dy: Info };
          const [rows, cols] = probs.shape;
          const out = Float32Array.from(b.readSync(probs.dataId));
          const p = b.readSync(positives.dataId);
          const d = b.readSync(dy.dataId);
          for (let r = 0; r < rows; r++) {
            out[r * cols + p[r]] -= 1;
            for (let c = 0; c < cols; c++) out[r * cols + c] *= d[r];
          }
          return b.makeTensorInfo([rows, cols], 'float32', out) as unknown as tf.TensorInfo;
        },
      });
    });
    afterAll(() => {
      tf.unregisterKernel(KERNEL_NAMES.softmaxCrossEntropy, 'cpu');
      tf.unregisterKernel(KERNEL_NAMES.softmaxCrossEntropyGrad, 'cpu');
    });

    it('routes forward and backward through them with the same values', () => {
      const r = lossAndGrad(logits, positives, w);
      expect([forward, backward]).toEqual([2, 1]); // the gradient's forward, the loss read-back; one backward
      expect(r.loss[0]).toBeCloseTo(0.4076059, 5);
      expect(r.loss[1]).toBeCloseTo(0.6931472, 5);
      expect(r.grad[0][2]).toBeCloseTo(-0.334759, 5);
      expect(r.grad[1]).toEqual([-1, 1, 0].map((v) => expect.closeTo(v, 5)));
    });
  });
});
