/**
 * Serving-time popularity prior: per-item offsets added to the model's ranking scores, so that a
 * debiased model can be moved back toward popularity (or further away) without retraining.
 *
 * Why: CLRec's contrastive loss against a FIFO queue of earlier positives is, in expectation, an
 * inverse-propensity-weighted objective (KDD §3): its logits estimate log p(y|x) − log q(y) + const,
 * with q the training-click distribution. Adding α · log q(y) to each logit puts back α of the
 * popularity the objective removed: α = 0 is the model as trained (debiased), α = 1 recovers the
 * popularity-inclusive log p(y|x) that full softmax / logQ-corrected sampled softmax estimate, and
 * values in between trade aggregate diversity for accuracy on popularity-skewed test sets.
 *
 * The ranking scores are similarities s(x, y) whose logits are s / τ, so the offset on the score
 * scale is α · τ · log q(y). q uses add-one smoothing, (count_y + 1) / (Σ count + numItems), so an
 * item without training clicks gets a finite offset.
 *
 * @param itemCounts training clicks per item id, `[numItems + 1]` (index 0 = padding, ignored)
 * @param alpha prior weight α (0 = no prior: returns null)
 * @param temperature the model's logit temperature τ (logit = score / τ)
 * @returns offsets `[numItems + 1]` on the score scale (index 0 = 0), or null when α = 0
 * @throws RangeError when α or τ is not finite, τ ≤ 0, or a count is negative / not finite
 */
export function popularityPrior(itemCounts: ArrayLike<number>, alpha: number, temperature: number): Float32Array | null {
  if (!Number.isFinite(alpha)) throw new RangeError(`popularityPrior: alpha must be a finite number, got ${alpha}`);
  if (!(Number.isFinite(temperature) && temperature > 0)) throw new RangeError(`popularityPrior: temperature must be > 0, got ${temperature}`);
  if (alpha === 0) return null;
  const numItems = itemCounts.length - 1;
  let total = 0;
  for (let j = 1; j <= numItems; j++) {
    const c = itemCounts[j];
    if (!(Number.isFinite(c) && c >= 0)) throw new RangeError(`popularityPrior: item ${j} has count ${c} (need a finite number >= 0)`);
    total += c;
  }
  const out = new Float32Array(numItems + 1);
  const logDenominator = Math.log(total + numItems);
  for (let j = 1; j <= numItems; j++) out[j] = alpha * temperature * (Math.log(itemCounts[j] + 1) - logDenominator);
  return out;
}
