import * as tf from '@tensorflow/tfjs';

/**
 * Applies a row-wise function to the unmasked rows only: `f(x[kept])` scattered back to `[N, k]`,
 * with every masked row set to `fill`. For row-wise `f` (a per-click MLP, say) this equals
 * `where(mask, f(x), fill)` but costs f on the kept rows only: padded click histories are mostly
 * padding (on Beauty ≈ 85% of a `[256, 50]` batch), so the attention-score MLP of a sequence encoder
 * does ≈ 7× less work. Differentiable w.r.t. `x` and whatever `f` closes over (gradients of masked
 * rows are zero, as with the `where` form). Reads the mask on the host.
 * @param x float32 `[N, d]` rows
 * @param mask `[N]` or any shape of N elements (e.g. `[B, T]`): non-zero = keep
 * @param f row-wise function `[n, d]` → `[n, k]` (must not mix rows)
 * @param fill value of the masked rows of the result (e.g. -1e9 for attention logits)
 * @returns float32 `[N, k]`
 */
export function onMaskedRows(x: tf.Tensor2D, mask: tf.Tensor, f: (rows: tf.Tensor2D) => tf.Tensor2D, fill: number): tf.Tensor2D {
  const n = x.shape[0];
  if (mask.size !== n) throw new Error(`onMaskedRows: mask has ${mask.size} elements, x has ${n} rows`);
  const m = mask.dataSync();
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (m[i] !== 0) kept.push(i);
  if (kept.length === n) return f(x);
  return tf.tidy(() => {
    const out = kept.length > 0 ? f(tf.gather(x, tf.tensor1d(kept, 'int32'))) : null;
    const width = out ? out.shape[1] : f(tf.zeros([1, x.shape[1]]) as tf.Tensor2D).shape[1];
    const padRow = tf.fill([1, width], fill);
    // Row i of the result: its position among the kept rows, or the pad row after them.
    const where = new Int32Array(n).fill(kept.length);
    kept.forEach((r, j) => (where[r] = j));
    const source = out ? tf.concat([out, padRow], 0) : padRow;
    return tf.gather(source, tf.tensor1d(where, 'int32')) as tf.Tensor2D;
  });
}
