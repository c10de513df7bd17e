import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { KERNEL_NAMES } from '@clrec/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from './native-addon';
import { registerFastKernels } from './register';

const native = nativeStatus();

beforeAll(async () => {
  registerFastKernels();
  await tf.setBackend('wasm');
});

const run = (name: string, inputs: Record<string, tf.Tensor>) => tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, {});

describe.runIf(native.addon !== null)('fused softmax cross-entropy kernels (native, wasm)', () => {
  it('are registered on wasm only with the addon', () => {
    expect(tf.getKernel(KERNEL_NAMES.softmaxCrossEntropy, 'wasm')).toBeDefined();
    expect(tf.getKernel(KERNEL_NAMES.softmaxCrossEntropyGrad, 'wasm')).toBeDefined();
    expect(tf.getKernel(KERNEL_NAMES.softmaxCrossEntropy, 'cpu')).toBeUndefined();
  });

  it('match hand-computed loss, softmax and gradient (a masked logit of -1e9 included)', () => {
    const before = tf.memory().numTensors;
    const logits = tf.tensor2d([[1, 2, 3], [0, 0, -1e9]]);
    const positives = tf.tensor1d([2, 0], 'int32');
    const [loss, probs] = run(KERNEL_NAMES.softmaxCrossEntropy, { logits, positives }) as tf.Tensor[];
    // row 0: lse = 3 + ln(1 + e^-1 + e^-2) = 3 + ln 1.5032147 = 3.4076059 → loss 0.4076059
    //        softmax = [e^-2, e^-1, 1] / 1.5032147 = [0.0900306, 0.2447285, 0.6652410]
    // row 1: lse = ln 2 = 0.6931472 → loss 0.6931472; softmax = [0.5, 0.5, 0]
    expectClose(loss.dataSync(), [0.4076059, 0.6931472]);
    expectClose(probs.dataSync(), [0.0900306, 0.2447285, 0.665241, 0.5, 0.5, 0]);
    const dy = tf.tensor1d([1, 2]);
    const grad = run(KERNEL_NAMES.softmaxCrossEntropyGrad, { probs, positives, dy }) as tf.Tensor;
    // (p − onehot) · dy: row 0 = [0.0900306, 0.2447285, 0.665241 − 1]; row 1 = [(0.5 − 1)·2, 0.5·2, 0]
    expectClose(grad.dataSync(), [0.0900306, 0.2447285, -0.334759, -1, 1, 0]);
    tf.dispose([logits, positives, loss, probs, dy, grad]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('agree with the stock-op composition on random logits, and its gradient with finite differences', () => {
    const rows = 5;
    const cols = 37;
    const x = tf.randomNormal([rows, cols], 0, 3, 'float32', 7) as tf.Tensor2D;
    const pos = tf.tensor1d([0, 36, 5, 5, 20], 'int32');
    const [loss] = run(KERNEL_NAMES.softmaxCrossEntropy, { logits: x, positives: pos }) as tf.Tensor[];
    const stock = tf.tidy(() => tf.sub(tf.logSumExp(x, 1), tf.sum(tf.mul(x, tf.cast(tf.oneHot(pos, cols), 'float32')), 1)));
    expectClose(loss.dataSync(), stock.dataSync(), 1e-4);
    // d(Σ_r loss_r)/dx[r][c] by central differences on one row, against (p − onehot)
    const xs = x.arraySync();
    const lossSum = (m: number[][]) => tf.tidy(() => {
      const t = tf.tensor2d(m);
      return (run(KERNEL_NAMES.softmaxCrossEntropy, { logits: t, positives: pos }) as tf.Tensor[])[0].sum().dataSync()[0];
    });
    const [, probs] = run(KERNEL_NAMES.softmaxCrossEntropy, { logits: x, positives: pos }) as tf.Tensor[];
    const ones = tf.ones([rows]);
    const g = (run(KERNEL_NAMES.softmaxCrossEntropyGrad, { probs, positives: pos, dy: ones }) as tf.Tensor).arraySync() as number[][];
    const h = 1e-2;
    for (const c of [0, 5, 36]) {
      const up = xs.map((r) => [...r]);
      const down = xs.map((r) => [...r]);
      up[1][c] += h;
      down[1][c] -= h;
      expect(Math.abs((lossSum(up) - lossSum(down)) / (2 * h) - g[1][c])).toBeLessThan(2e-3);
    }
    tf.dispose([x, pos, loss, stock, probs, ones]);
  });

  it('names the row whose positive is out of range', () => {
    const logits = tf.zeros([2, 3]);
    const positives = tf.tensor1d([1, 3], 'int32');
    expect(() => run(KERNEL_NAMES.softmaxCrossEntropy, { logits, positives })).toThrow(/row 1 is outside \[0, 3\)/);
    tf.dispose([logits, positives]);
  });
});

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(tol);
}
