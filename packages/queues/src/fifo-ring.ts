/**
 * Fixed-capacity first-in first-out ring of item ids, optionally with one key vector per id. The
 * storage behind every CLRec queue: the oldest entries fall out when it is full, and while it is filling
 * it simply holds fewer entries (never padding).
 */
export class FifoRing {
  readonly capacity: number;
  /** Width of the stored vectors (0 = ids only). */
  readonly dim: number;
  private readonly ids: Int32Array;
  private readonly vecs: Float32Array;
  private head = 0; // index of the oldest entry
  private count = 0;

  /**
   * @param capacity maximum number of entries (≥ 1)
   * @param dim vector width stored with each id (0 for an id-only ring)
   */
  constructor(capacity: number, dim = 0) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`FifoRing: capacity must be a positive integer, got ${capacity}`);
    if (!Number.isInteger(dim) || dim < 0) throw new Error(`FifoRing: dim must be a non-negative integer, got ${dim}`);
    this.capacity = capacity;
    this.dim = dim;
    this.ids = new Int32Array(capacity);
    this.vecs = new Float32Array(capacity * dim);
  }

  /** Number of entries held. */
  get size(): number {
    return this.count;
  }

  /**
   * Appends entries oldest-first; when full, the oldest are dropped.
   * @param vectors row-major `[ids.length, dim]` (required when dim > 0)
   */
  push(ids: ArrayLike<number>, vectors?: ArrayLike<number>): void {
    const n = ids.length;
    if (this.dim > 0 && (!vectors || vectors.length !== n * this.dim)) {
      throw new Error(`FifoRing.push: expected ${n * this.dim} vector values for ${n} ids of dim ${this.dim}, got ${vectors?.length ?? 0}`);
    }
    const start = Math.max(0, n - this.capacity); // only the newest `capacity` of a huge push survive
    for (let i = start; i < n; i++) {
      const slot = (this.head + this.count) % this.capacity;
      this.ids[slot] = ids[i];
      if (this.dim > 0) for (let j = 0; j < this.dim; j++) this.vecs[slot * this.dim + j] = vectors![i * this.dim + j];
      if (this.count < this.capacity) this.count++;
      else this.head = (this.head + 1) % this.capacity;
    }
  }

  /** The newest `n` (default all) ids, oldest first. */
  newestIds(n = this.count): Int32Array {
    const k = Math.min(n, this.count);
    const out = new Int32Array(k);
    const first = this.count - k;
    for (let i = 0; i < k; i++) out[i] = this.ids[(this.head + first + i) % this.capacity];
    return out;
  }

  /** The newest `n` (default all) vectors, oldest first, row-major `[k, dim]`. */
  newestVectors(n = this.count): Float32Array {
    const k = Math.min(n, this.count);
    const out = new Float32Array(k * this.dim);
    const first = this.count - k;
    for (let i = 0; i < k; i++) {
      const slot = (this.head + first + i) % this.capacity;
      out.set(this.vecs.subarray(slot * this.dim, (slot + 1) * this.dim), i * this.dim);
    }
    return out;
  }

  /** Empties the ring. */
  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
