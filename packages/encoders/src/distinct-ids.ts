/**
 * The distinct values of `ids` in order of first appearance, and for each element the index of its
 * value among them (`ids[i] === values[inverse[i]]`). O(n) with a hash map.
 */
export function distinctIds(ids: ArrayLike<number>): { values: Int32Array; inverse: Int32Array } {
  const index = new Map<number, number>();
  const inverse = new Int32Array(ids.length);
  const values: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    let k = index.get(id);
    if (k === undefined) {
      k = values.length;
      index.set(id, k);
      values.push(id);
    }
    inverse[i] = k;
  }
  return { values: Int32Array.from(values), inverse };
}
