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
