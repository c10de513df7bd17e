/**
 * Aggregate diversity (Adomavicius & Kwon; KDD App. A, Tables 1 and 10): how many distinct items a
 * recommender shows to a set of users. A popularity-biased model keeps recommending the same head
 * items, so its aggregate diversity is low.
 */

/**
 * Number of distinct item ids over all users' top-K lists.
 *
 * @param topK - one list of recommended item ids per user (e.g. from `topKIndicesBlock`); ids must
 *   be non-negative integers. Also usable on the ground truth (e.g. each user's next click as a
 *   one-item list) to get the data's own diversity, as in KDD Table 10.
 * @returns the count of distinct ids (0 for no users).
 * @throws RangeError on a negative or non-integer id.
 */
export function aggregateDiversity(topK: readonly ArrayLike<number>[]): number {
  const seen = new Set<number>();
  topK.forEach((list, u) => {
    for (let j = 0; j < list.length; j++) {
      const id = list[j];
      if (!Number.isInteger(id) || id < 0) throw new RangeError(`aggregateDiversity: topK[${u}][${j}] = ${id} is not an item id`);
      seen.add(id);
    }
  });
  return seen.size;
}
