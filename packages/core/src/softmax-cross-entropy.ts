import * as tf from '@tensorflow/tfjs';
import { KERNEL_NAMES } from '@clrec/spec';

/**
 * Per-row softmax cross-entropy at an index: CE_i = logsumexp_j(logits[i, j]) − logits[i, positives[i]].
 * The building block of every softmax-family loss (full softmax, sampled softmax, InfoNCE, IPW); the
 * caller applies corrections (−log q, masks) to the logits before calling it. logsumexp is the stable
 * max-shifted form, so logits of ±1e9 (masked keys) are fine. Differentiable w.r.t. `logits`.
 *
 * One fused op: the forward pass keeps the softmax p, and the gradient is (p − onehot) · dy per row,
 * instead of back-propagating through max / exp / sum / log separately (which costs a broadcast
 * `Equal`, several `[batch, numKeys]` temporaries and reductions per step on the similarity matrix).
 * Where the active backend registers this project's fused kernels (`KERNEL_NAMES.softmaxCrossEntropy`
 * and its gradient; `@clrec/backend` does on WASM with its native addon), forward and backward run as
 * one native pass per row each; elsewhere stock tfjs ops compute the same values.
 * @param logits float32 `[batch, numKeys]` (nats, i.e. natural-log scale)
 * @param positives int32 `[batch]`, column of each row's positive
 * @returns float32 `[batch]`, CE in nats per row (≥ 0 when the positive is not masked)
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, positives: tf.Tensor1D): tf.Tensor1D {
  if (hasFusedKernels()) return fusedSoftmaxCrossEntropy(logits, positives);
  return tf.tidy(() => {
    const [batch, numKeys] = logits.shape;
    // int32 one-hot, then cast: tfjs-backend-wasm 4.22's OneHot ignores the dtype argument and writes
    // int32 bit patterns into a float32 tensor (1 reads as 1.4e-45), which silently zeroed the positive term
    const onehot = tf.cast(tf.oneHot(tf.cast(positives, 'int32'), numKeys), 'float32');
    const ce = tf.customGrad((...inputs) => {
      const x = inputs[0] as tf.Tensor2D;
      const save = inputs[1] as tf.GradSaveFunc;
      const m = tf.max(x, 1, true);
      const e = tf.exp(tf.sub(x, m));
      const s = tf.sum(e, 1, true);
      const lse = tf.add(tf.log(s), m);
      const pos = tf.sum(tf.mul(x, onehot), 1, true);
      save([tf.div(e, s), onehot]); // the one-hot matrix too: the outer tidy frees it before backprop
      return {
        value: tf.reshape(tf.sub(lse, pos), [batch]),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(tf.sub(saved[0], saved[1]), tf.reshape(dy, [batch, 1])),
      };
    });
    return ce(logits) as tf.Tensor1D;
  });
}

/** Whether the active backend has both fused softmax cross-entropy kernels. */
function hasFusedKernels(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(KERNEL_NAMES.softmaxCrossEntropy, backend) !== undefined && tf.getKernel(KERNEL_NAMES.softmaxCrossEntropyGrad, backend) !== undefined;
}

/** {@link softmaxCrossEntropy} through the backend's fused kernels. */
function fusedSoftmaxCrossEntropy(logits: tf.Tensor2D, positives: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const pos = tf.cast(positives, 'int32');
    const ce = tf.customGrad((...inputs) => {
      const x = inputs[0] as tf.Tensor2D;
      const save = inputs[1] as tf.GradSaveFunc;
      const [loss, probs] = tf.engine().runKernel(KERNEL_NAMES.softmaxCrossEntropy, { logits: x, positives: pos }, {}) as tf.Tensor[];
      save([probs, pos]); // the positives too: the outer tidy frees them before backprop
      return {
        value: loss,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
          tf.engine().runKernel(KERNEL_NAMES.softmaxCrossEntropyGrad, { probs: saved[0], positives: saved[1], dy }, {}) as tf.Tensor,
      };
    });
    return ce(logits) as tf.Tensor1D;
  });
}
