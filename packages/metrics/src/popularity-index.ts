/**
 * Popularity index (KDD App. A, Table 3): how strongly an algorithm prefers items that are already
 * popular. `E_A[p_data(y)] = Σ_y p_data(y) · p(A recommends y)`, then normalised by the largest value
 * among the compared algorithms.
 */

/**
 * Un-normalised popularity index `E_A[p_data(y)]` of one algorithm.
 *
 * `p_data` is `pData` normalised to a distribution over item ids (`pData[y] / Σ pData`), and
 * `p(A recommends y)` is y's share of all recommended slots (`#slots holding y / #slots`), so the
 * result is the mean of `p_data(y)` over every recommended slot of every user. Units: a probability
 * (in `[0, max p_data]`); only ratios between algorithms are meaningful, see
 * {@link normalizePopularityIndex}.
 *
 * @param topK - one list of recommended item ids per user.
 * @param pData - weight per item id (length = number of ids, index = id), e.g. past impressions
 *   (the paper) or training clicks; non-negative, finite, positive sum.
 * @returns the index, or `NaN` when there are no recommended slots.
 * @throws RangeError on an invalid weight, a zero total, or an id outside `[0, pData.length)`.
 */
export function popularityIndex(topK: readonly ArrayLike<number>[], pData: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < pData.length; i++) {
    const v = pData[i];
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`popularityIndex: pData[${i}] = ${v} is not a finite weight >= 0`);
    total += v;
  }
  if (!(total > 0)) throw new RangeError('popularityIndex: pData sums to 0');
  let sum = 0;
  let slots = 0;
  topK.forEach((list, u) => {
    for (let j = 0; j < list.length; j++) {
      const id = list[j];
      if (!Number.isInteger(id) || id < 0 || id >= pData.length) {
        throw new RangeError(`popularityIndex: topK[${u}][${j}] = ${id} is not an item id in [0, ${pData.length})`);
      }
      sum += pData[id];
      slots++;
    }
  });
  return slots === 0 ? NaN : sum / total / slots;
}

/**
 * Normalises popularity indices across compared algorithms: each value divided by the maximum
 * (KDD App. A: `E_A[p_data] / max_A' E_A'[p_data]`), so the most popularity-biased algorithm gets 1
 * and a fairer one a smaller value.
 *
 * @param values - un-normalised index per algorithm name (from {@link popularityIndex}).
 * @returns the same keys in the same order, values in `[0, 1]`.
 * @throws RangeError if a value is negative or not finite, or the maximum is not positive.
 */
export function normalizePopularityIndex(values: Record<string, number>): Record<string, number> {
  let max = 0;
  for (const [name, v] of Object.entries(values)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`normalizePopularityIndex: ${name} = ${v} is not a finite value >= 0`);
    max = Math.max(max, v);
  }
  if (!(max > 0)) throw new RangeError('normalizePopularityIndex: no positive value to normalise by');
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(values)) out[name] = v / max;
  return out;
}
