import * as tf from '@tensorflow/tfjs';

/**
 * Kernels that TensorFlow declares non-differentiable (their outputs are bool) but that tfjs 4.22 has
 * no gradient for, so any tape path through them fails with "gradient function not found for
 * Greater" — e.g. `tf.where(tf.greater(x, 0), x, y)` or `tf.mul(x, tf.cast(tf.less(x, t), 'float32'))`
 * when `x` is being differentiated. ({@link registerFastKernels} gives them zero gradients.)
 */
export const NON_DIFFERENTIABLE_KERNELS: readonly string[] = Object.freeze([
  'Greater',
  'Less',
  'LessEqual',
  'Equal',
  'NotEqual',
  'LogicalAnd',
  'LogicalOr',
  'LogicalXor',
  'LogicalNot',
]);

/**
 * Registers a zero gradient for each of {@link NON_DIFFERENTIABLE_KERNELS} that has none (all
 * backends; TensorFlow semantics). Gradients tfjs already has are never overridden, so this is
 * idempotent.
 */
export function registerMissingGradients(): void {
  for (const kernelName of NON_DIFFERENTIABLE_KERNELS) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    const unary = kernelName === 'LogicalNot';
    // tfjs wants float32 gradients whatever the input dtype (bool, int32).
    const zeros = (t: tf.Tensor | undefined) => () => tf.zeros((t as tf.Tensor).shape, 'float32');
    tf.registerGradient({
      kernelName,
      inputsToSave: unary ? ['x'] : ['a', 'b'],
      gradFunc: (_dy, saved): Record<string, () => tf.Tensor> =>
        unary ? { x: zeros(saved[0]) } : { a: zeros(saved[0]), b: zeros(saved[1]) },
    });
  }
}

/** Marks gradient configs registered by {@link registerFastGradients}. */
const FAST_GRADIENT = Symbol.for('@clrec/backend:fast-gradient');

/** `dy` reshaped to `x`'s rank (reduced axes kept as 1) and broadcast to `x`'s shape. */
function broadcastBack(dy: tf.Tensor, xShape: number[], axis: unknown): tf.Tensor {
  const axes = tf.util.parseAxisParam(axis as number | number[], xShape);
  const kept = xShape.map((d, i) => (axes.includes(i) ? 1 : d));
  return tf.broadcastTo(tf.reshape(dy, kept), xShape);
}

/**
 * Replaces tfjs's gradients of `Sum` and `Mean` (mathematically identical): tfjs builds them as
 * `dy · ones(x.shape)`, allocating and uploading a JS array of ones the size of `x` on every
 * backward pass (≈ 3 ms a step on the workload); here `dy` is broadcast with one `broadcastTo`.
 * Idempotent.
 */
export function registerFastGradients(): void {
  const mark = (c: tf.GradConfig) => Object.defineProperty(c, FAST_GRADIENT, { value: true });
  const ours = (name: string) => (tf.getGradient(name) as unknown as Record<symbol, unknown> | undefined)?.[FAST_GRADIENT] === true;
  if (!ours('Sum')) {
    tf.registerGradient(mark({
      kernelName: 'Sum',
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => {
        const x = saved[0] as tf.Tensor;
        return { x: () => broadcastBack(dy as tf.Tensor, x.shape, attrs?.axis) };
      },
    }));
  }
  if (!ours('Mean')) {
    tf.registerGradient(mark({
      kernelName: 'Mean',
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => {
        const x = saved[0] as tf.Tensor;
        const axes = tf.util.parseAxisParam(attrs?.axis as number | number[], x.shape);
        const reduceSize = axes.reduce((n, a) => n * x.shape[a], 1);
        return { x: () => broadcastBack(tf.div(dy as tf.Tensor, reduceSize), x.shape, attrs?.axis) };
      },
    }));
  }
}
