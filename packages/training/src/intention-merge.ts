/**
 * List slots of each intention for a top-`k` list merged from K per-intention retrievals (KDD §3.2):
 * largest-remainder rounding of k · ŵ_h, with ŵ the weights renormalised to sum to 1. Every slot is
 * given out (the counts sum to k); no intention is guaranteed one, so an intention whose share
 * k · ŵ_h rounds to 0 contributes nothing unless the others run out of items. Remainder ties go to
 * the larger weight, then the lower index.
 * @throws RangeError for a negative or non-integer `k`, no weights, or weights that are negative or sum to 0
 */
export function intentionSlots(weights: ArrayLike<number>, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`intentionSlots: k must be a non-negative integer, got ${k}`);
  const K = weights.length;
  let sum = 0;
  for (let h = 0; h < K; h++) {
    if (!(weights[h] >= 0)) throw new RangeError(`intentionSlots: weights must be >= 0, got ${weights[h]}`);
    sum += weights[h];
  }
  if (K === 0 || !(sum > 0)) throw new RangeError('intentionSlots: needs at least one positive weight');
  const slots = new Int32Array(K);
  const fraction = new Float64Array(K);
  let given = 0;
  for (let h = 0; h < K; h++) {
    const share = (k * weights[h]) / sum;
    slots[h] = Math.floor(share);
    fraction[h] = share - slots[h];
    given += slots[h];
  }
  const order = Array.from({ length: K }, (_, h) => h).sort((a, b) => fraction[b] - fraction[a] || weights[b] - weights[a] || a - b);
  for (let i = 0; given < k; i++, given++) slots[order[i % K]]++;
  return slots;
}

/**
 * Merges per-intention ranked lists into one top-`k` list (Multi-CLRec served as K nearest-neighbour
 * searches, KDD §3.2): each intention h gets {@link intentionSlots} slots; the lists are interleaved
 * round-robin in descending weight order (round r: each intention with slots left gives its next
 * item), skipping items already listed. When the slotted picks cannot fill k (an intention's list
 * ran out), the remaining items of all lists fill it in the same round-robin order. Shorter than k
 * only when the lists hold fewer than k distinct items.
 * @param lists each intention's items, best first (e.g. its top k, history excluded)
 * @param weights each intention's selector weight w_h (renormalised here)
 */
export function mergeIntentionLists(lists: ArrayLike<number>[], weights: ArrayLike<number>, k: number): Int32Array {
  if (lists.length !== weights.length) throw new RangeError(`mergeIntentionLists: ${lists.length} lists but ${weights.length} weights`);
  const slots = intentionSlots(weights, k);
  const K = lists.length;
  const order = Array.from({ length: K }, (_, h) => h).sort((a, b) => weights[b] - weights[a] || a - b);
  const pos = new Int32Array(K);
  const out: number[] = [];
  const seen = new Set<number>();
  const next = (h: number): boolean => {
    const list = lists[h];
    while (pos[h] < list.length && seen.has(list[pos[h]])) pos[h]++;
    if (pos[h] >= list.length) return false;
    const item = list[pos[h]++];
    seen.add(item);
    out.push(item);
    return true;
  };
  for (const limited of [true, false]) {
    let progress = true;
    while (out.length < k && progress) {
      progress = false;
      for (const h of order) {
        if (out.length >= k) break;
        if (limited && slots[h] === 0) continue;
        if (next(h)) {
          progress = true;
          if (limited) slots[h]--;
        }
      }
    }
  }
  return Int32Array.from(out);
}
