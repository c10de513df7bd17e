/** Additive logit value that removes a key from a softmax / BCE (exp(−1e9) = 0, softplus(−1e9) = 0). */
export const MASKED_LOGIT = -1e9;

/**
 * Accidental-hit mask for a shared key set: a sampled negative that happens to be the row's positive
 * item would be pushed down as a negative, contradicting the positive term (TF's
 * `remove_accidental_hits`). Returns a row-major `[B, N]` additive mask (pass as `logitMask`):
 * −1e9 at (i, j) where keyIds[j] === positiveIds[i] and j !== positives[i], else 0.
 * @param positiveIds item id of each row's positive, `[B]`
 * @param keyIds item id of each key, `[N]`
 * @param positives index of each row's positive in the keys, `[B]` (that column is never masked)
 * @returns Float32Array of length B·N
 */
export function accidentalHitMask(positiveIds: Int32Array, keyIds: Int32Array, positives: Int32Array): Float32Array {
  const b = positiveIds.length;
  const n = keyIds.length;
  if (positives.length !== b) throw new Error(`accidentalHitMask: positives has length ${positives.length}, expected ${b}`);
  const mask = new Float32Array(b * n);
  for (let i = 0; i < b; i++) {
    if (!(positives[i] >= 0 && positives[i] < n)) throw new Error(`accidentalHitMask: positives[${i}] = ${positives[i]} is out of [0, ${n})`);
    for (let j = 0; j < n; j++) if (keyIds[j] === positiveIds[i] && j !== positives[i]) mask[i * n + j] = MASKED_LOGIT;
  }
  return mask;
}

/**
 * Accidental-hit mask for per-user negatives (negative sampling): −1e9 at (i, j) where the j-th
 * negative of user i equals that user's positive item, else 0. Pass as the `[B, k]` logitMask of
 * {@link negativeSamplingLoss}.
 * @param positiveIds item id of each user's positive, `[B]`
 * @param negativeIds row-major `[B, k]` sampled negative item ids (length B·k)
 * @param k negatives per user
 * @returns Float32Array of length B·k
 */
export function accidentalHitMaskPerUser(positiveIds: Int32Array, negativeIds: Int32Array, k: number): Float32Array {
  const b = positiveIds.length;
  if (!(Number.isInteger(k) && k >= 0) || negativeIds.length !== b * k) {
    throw new Error(`accidentalHitMaskPerUser: negativeIds has length ${negativeIds.length}, expected ${b}·${k}`);
  }
  const mask = new Float32Array(b * k);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < k; j++) if (negativeIds[i * k + j] === positiveIds[i]) mask[i * k + j] = MASKED_LOGIT;
  }
  return mask;
}
