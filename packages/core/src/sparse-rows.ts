import type { SparseRows } from '@clrec/spec';
import { rowKernels } from './sparse-row-kernels';

/**
 * Sums gradient rows by row index (a host-side `UnsortedSegmentSum` over the touched rows only).
 * One accumulator is kept per table and reused across steps: its id → slot index costs 4 bytes per
 * table row once, and each step resets only the slots it used, so a step is O(touched rows × width).
 */
export class RowGradientAccumulator {
  /** Slot of each table row in `values`, -1 when untouched this step; allocated on first use. */
  private slots: Int32Array | null = null;
  private ids: number[] = [];
  private values = new Float32Array(0);

  /**
   * @param numRows rows of the table
   * @param width values per row
   */
  constructor(
    readonly numRows: number,
    readonly width: number,
  ) {
    if (!Number.isInteger(numRows) || numRows < 0 || !Number.isInteger(width) || width < 1) {
      throw new Error(`RowGradientAccumulator: numRows must be >= 0 and width >= 1 (got ${numRows}, ${width})`);
    }
  }

  /** Rows touched since the last {@link RowGradientAccumulator.take}. */
  get size(): number {
    return this.ids.length;
  }

  /**
   * Adds `dy` row `i` (values `[i * width, (i + 1) * width)`) into the row `ids[i]`.
   * @throws when `dy` does not hold `ids.length` rows or an id is outside `[0, numRows)`
   */
  add(ids: ArrayLike<number>, dy: ArrayLike<number>): void {
    const w = this.width;
    if (dy.length !== ids.length * w) {
      throw new Error(`RowGradientAccumulator.add: ${ids.length} ids need ${ids.length * w} gradient values, got ${dy.length}`);
    }
    if (this.slots === null) this.slots = new Int32Array(this.numRows).fill(-1);
    // Pass 1 (integers only): the slot of each id, new rows appended.
    const slots = this.slots;
    const at = new Int32Array(ids.length);
    const first = this.ids.length;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!(id >= 0 && id < this.numRows)) throw new Error(`RowGradientAccumulator.add: row ${id} is not in [0, ${this.numRows})`);
      let s = slots[id];
      if (s < 0) {
        s = this.ids.length;
        slots[id] = s;
        this.ids.push(id);
      }
      at[i] = s * w;
    }
    this.reserve(this.ids.length);
    this.values.fill(0, first * w, this.ids.length * w);
    // Pass 2: the sums (native when a backend installed RowKernels.addRows).
    const src = dy instanceof Float32Array ? dy : Float32Array.from(dy);
    const native = rowKernels()?.addRows;
    if (native) native(this.values, at, src, w);
    else addRows(this.values, at, src, w);
  }

  /**
   * Returns the rows summed so far and resets the accumulator (O(touched rows)). `values` is a view
   * of the accumulator's buffer, valid until its next {@link RowGradientAccumulator.add}.
   */
  take(): SparseRows {
    const n = this.ids.length;
    const ids = Int32Array.from(this.ids);
    const values = this.values.subarray(0, n * this.width);
    this.clear();
    return { ids, values, width: this.width, numRows: this.numRows };
  }

  /** Forgets the rows summed so far. */
  clear(): void {
    if (this.slots) for (const id of this.ids) this.slots[id] = -1;
    this.ids = [];
  }

  private reserve(rows: number): void {
    const need = rows * this.width;
    if (need <= this.values.length) return;
    const next = new Float32Array(Math.max(need, this.values.length * 2, 64 * this.width));
    next.set(this.values);
    this.values = next;
  }
}

/** dst[at[i] + k] += src[i · width + k] for every row i of `src` (the accumulator's JS loop). */
function addRows(dst: Float32Array, at: Int32Array, src: Float32Array, width: number): void {
  for (let i = 0; i < at.length; i++) {
    const d = at[i];
    const s = i * width;
    for (let k = 0; k < width; k++) dst[d + k] += src[s + k];
  }
}
