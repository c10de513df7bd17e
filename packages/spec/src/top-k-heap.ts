/**
 * Bounded top-K selection: keeps the `k` best (score, id) pairs seen so far in a binary min-heap whose
 * root is the worst kept pair, so a candidate costs one comparison against the root unless it
 * enters. Order: higher score first; equal scores by lower id (deterministic results when vectors
 * tie). Memory is O(k) whatever the number of candidates. The one top-K selection of the library:
 * `topK`, the exact index of `@clrec/retrieval` (per query, over blocks of the catalog) and the
 * top-K lists of `@clrec/metrics` all use it. `pushRow` over ids offered in increasing order is the
 * fast path (one comparison per candidate).
 */
export class TopKHeap {
  /** Capacity k. */
  readonly k: number;
  private readonly hs: Float64Array;
  private readonly hi: Int32Array;
  private n = 0;
  /** Largest id inserted since the last clear (bounds every held id). */
  private maxId = -Infinity;

  /** @param k number of pairs to keep, a positive integer */
  constructor(k: number) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`TopKHeap: k must be a positive integer, got ${k}`);
    this.k = k;
    this.hs = new Float64Array(k);
    this.hi = new Int32Array(k);
  }

  /** Pairs held, at most k. */
  get size(): number {
    return this.n;
  }

  /** Forgets every pair (reuse the heap for the next query). */
  clear(): void {
    this.n = 0;
    this.maxId = -Infinity;
  }

  /** Offers one candidate. NaN scores are never kept. */
  push(score: number, id: number): void {
    if (score !== score) return;
    if (this.n < this.k) this.siftUp(score, id);
    else if (worse(this.hs[0], this.hi[0], score, id)) this.siftDown(score, id);
    else return;
    if (id > this.maxId) this.maxId = id;
  }

  /**
   * Offers `scores[offset + i]` with id `baseId + i` for i in [0, len). Faster than {@link TopKHeap.push} per
   * candidate: when every id held before the call is below `baseId` (rows offered in increasing id
   * order, or an empty heap), a candidate that only ties the root has a larger id than it and can be
   * rejected by the score alone (one comparison per candidate).
   */
  pushRow(scores: ArrayLike<number>, offset: number, len: number, baseId: number): void {
    // Ids held before this call; the ids this row adds while filling are all below its later ones.
    const earlierMax = this.maxId;
    let i = 0;
    for (; i < len && this.n < this.k; i++) this.push(scores[offset + i], baseId + i);
    if (i === len) return;
    if (earlierMax >= baseId) {
      // ids already held may be larger than this row's (rows offered out of order): exact comparisons
      for (; i < len; i++) this.push(scores[offset + i], baseId + i);
      return;
    }
    let thr = this.hs[0];
    let last = -1;
    for (; i < len; i++) {
      const s = scores[offset + i];
      if (s > thr) {
        this.siftDown(s, baseId + i);
        thr = this.hs[0];
        last = i;
      }
    }
    if (last >= 0 && baseId + last > this.maxId) this.maxId = baseId + last;
  }

  /**
   * Writes the held pairs best first into `ids` / `scores` at `offset` (k slots; unfilled slots get
   * id -1 and score -Infinity) and clears the heap.
   */
  drainInto(ids: Int32Array, scores: Float32Array, offset: number): void {
    const m = this.n;
    for (let pos = m - 1; pos >= 0; pos--) {
      ids[offset + pos] = this.hi[0];
      scores[offset + pos] = this.hs[0];
      const last = --this.n;
      if (last > 0) this.siftDown(this.hs[last], this.hi[last]);
    }
    for (let pos = m; pos < this.k; pos++) {
      ids[offset + pos] = -1;
      scores[offset + pos] = -Infinity;
    }
    this.maxId = -Infinity;
  }

  /** The held ids best first (`size` of them, no padding) and clears the heap. */
  drainIds(): Int32Array {
    const m = this.n;
    const ids = new Int32Array(m);
    for (let pos = m - 1; pos >= 0; pos--) {
      ids[pos] = this.hi[0];
      const last = --this.n;
      if (last > 0) this.siftDown(this.hs[last], this.hi[last]);
    }
    this.maxId = -Infinity;
    return ids;
  }

  private siftUp(s: number, id: number): void {
    const { hs, hi } = this;
    let c = this.n++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!worse(s, id, hs[p], hi[p])) break;
      hs[c] = hs[p];
      hi[c] = hi[p];
      c = p;
    }
    hs[c] = s;
    hi[c] = id;
  }

  /** Replaces the root by (s, id) and restores the heap order over the first `n` entries. */
  private siftDown(s: number, id: number): void {
    const { hs, hi, n } = this;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && worse(hs[r], hi[r], hs[l], hi[l]) ? r : l;
      if (!worse(hs[m], hi[m], s, id)) break;
      hs[c] = hs[m];
      hi[c] = hi[m];
      c = m;
    }
    hs[c] = s;
    hi[c] = id;
  }
}

/** True when (sa, ia) ranks strictly below (sb, ib): lower score, or equal score and higher id. */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}
