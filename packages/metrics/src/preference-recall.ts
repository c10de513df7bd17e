/**
 * Preference recall for the simulator, whose ground truth is each user's true top-K items: how many
 * of them the model retrieves. Unlike HR on logged clicks, this is not biased by what the old system
 * chose to expose.
 */

/**
 * Mean over users of `|topK_u ∩ trueTopK_u| / |trueTopK_u|` (distinct ids; macro average, every
 * user weighs the same).
 *
 * @param topK - the model's recommended ids per user.
 * @param trueTopK - the ground-truth preferred ids per user, same user order, each non-empty.
 * @returns a value in `[0, 1]`; `NaN` with no users.
 * @throws RangeError if the user counts differ or a ground-truth list is empty.
 */
export function preferenceRecall(topK: readonly ArrayLike<number>[], trueTopK: readonly ArrayLike<number>[]): number {
  if (topK.length !== trueTopK.length) {
    throw new RangeError(`preferenceRecall: ${topK.length} top-K lists but ${trueTopK.length} ground-truth lists`);
  }
  if (topK.length === 0) return NaN;
  let sum = 0;
  for (let u = 0; u < topK.length; u++) {
    const truth = new Set<number>(Array.from(trueTopK[u]));
    if (truth.size === 0) throw new RangeError(`preferenceRecall: trueTopK[${u}] is empty`);
    const found = new Set<number>();
    const list = topK[u];
    for (let j = 0; j < list.length; j++) if (truth.has(list[j])) found.add(list[j]);
    sum += found.size / truth.size;
  }
  return sum / topK.length;
}
