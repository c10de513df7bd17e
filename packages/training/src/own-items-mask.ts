import * as tf from '@tensorflow/tfjs';
import { MASKED_LOGIT } from '@clrec/core';

/**
 * Sparse "own items" mask, as the authors' public SASRec + CLRec code uses: a key whose item the
 * row's user has clicked (anywhere in `userItems[rowUser[i]]`) is not a negative for row i, except
 * the key holding the row's own positive. This also covers accidental hits (other copies of the
 * positive in the queue).
 * @param rowUser index into `userItems` of each loss row, length P
 * @param userItems the items of each user (any order, repeats allowed)
 * @param keyIds item id of each key, length K
 * @param positives index of each row's positive among the keys, length P (never masked)
 * @returns flat row-major indices `i * K + j` of the masked (row, key) pairs
 */
export function ownItemsMaskIndices(rowUser: Int32Array, userItems: ArrayLike<number>[], keyIds: Int32Array, positives: Int32Array): number[] {
  const P = rowUser.length;
  const K = keyIds.length;
  if (positives.length !== P) throw new Error(`ownItemsMaskIndices: ${P} rows but ${positives.length} positives`);
  const keysOf = new Map<number, number[]>();
  for (let j = 0; j < K; j++) {
    const list = keysOf.get(keyIds[j]);
    if (list) list.push(j);
    else keysOf.set(keyIds[j], [j]);
  }
  const colsOfUser = new Map<number, number[]>();
  const out: number[] = [];
  for (let i = 0; i < P; i++) {
    const u = rowUser[i];
    let cols = colsOfUser.get(u);
    if (!cols) {
      const seen = new Set<number>();
      cols = [];
      for (const item of Array.from(userItems[u])) {
        if (seen.has(item)) continue;
        seen.add(item);
        const ks = keysOf.get(item);
        if (ks) cols.push(...ks);
      }
      colsOfUser.set(u, cols);
    }
    for (const j of cols) if (j !== positives[i]) out.push(i * K + j);
  }
  return out;
}

/** The dense additive `[P, K]` logit mask (−1e9 at the given flat indices, else 0). Call inside a tidy. */
export function denseMask(flat: number[], rows: number, cols: number): tf.Tensor2D {
  const values = new Float32Array(rows * cols);
  for (const f of flat) values[f] = MASKED_LOGIT;
  return tf.tensor2d(values, [rows, cols]);
}
