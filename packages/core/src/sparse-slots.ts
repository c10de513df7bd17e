import type * as tf from '@tensorflow/tfjs';
import type { NamedVariable, SparseRows } from '@clrec/spec';

/** Host-side optimizer state of one row-sparse table. */
export interface HostSlot {
  /** The table. */
  variable: tf.Variable;
  /** Rows of the table. */
  numRows: number;
  /** Values per row. */
  width: number;
  /** Per-element state arrays (Adam: m and v; Adagrad: the accumulator), each `numRows × width`. */
  moments: Float32Array[];
}

/**
 * The sparse table names of a lazy optimizer: `explicit` when given (each must name a parameter),
 * else the parameters marked `sparse: true`.
 * @param who optimizer name for error messages
 */
export function sparseNamesOf(who: string, params: NamedVariable[], explicit?: Iterable<string>): ReadonlySet<string> {
  const names = new Set<string>();
  for (const p of params) {
    if (names.has(p.name)) throw new Error(`${who}: duplicate parameter name "${p.name}"`);
    names.add(p.name);
  }
  if (explicit === undefined) return new Set(params.filter((p) => p.sparse === true).map((p) => p.name));
  const out = new Set(explicit);
  for (const n of out) {
    if (!names.has(n)) throw new Error(`${who}: sparse table "${n}" is not among the parameters (${[...names].join(', ')})`);
  }
  return out;
}

/**
 * Allocates `count` host state arrays per sparse table, every element `fill`. With `commit` (the
 * default) every page is written once here: a fresh `Float32Array` is backed by lazily mapped zero
 * pages, and the first write to each 4 KiB page later costs a page fault in the middle of a step.
 * Touched rows are scattered over the whole table, so at 1,000,000 × 64 items a step of the
 * WORKLOAD.md benchmark spent 35 ms of its 69 ms in those faults (1.0 ms at 10,000 items). Pass
 * `commit: false` to commit memory only for rows that get touched (sparse use of a huge table).
 */
export function hostSlots(
  params: NamedVariable[], sparse: ReadonlySet<string>, count: number, fill = 0, commit = true,
): Map<string, HostSlot> {
  const slots = new Map<string, HostSlot>();
  for (const p of params) {
    if (!sparse.has(p.name)) continue;
    const v = p.variable;
    if (v.dtype !== 'float32' || v.rank < 1) throw new Error(`sparse table "${p.name}" must be a float32 tensor of rank >= 1, got ${v.dtype} [${v.shape}]`);
    const numRows = v.shape[0];
    const width = v.shape.slice(1).reduce((a, b) => a * b, 1);
    const moments = Array.from({ length: count }, () => {
      const a = new Float32Array(numRows * width);
      if (fill !== 0 || commit) a.fill(fill);
      return a;
    });
    slots.set(p.name, { variable: v, numRows, width, moments });
  }
  return slots;
}

/** A dense table gradient reduced to its non-zero rows (the slow path when no row gradient was recorded). */
export function toRows(g: tf.Tensor): SparseRows {
  const numRows = g.shape[0] ?? 0;
  const width = g.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = g.dataSync() as Float32Array;
  const ids: number[] = [];
  for (let r = 0; r < numRows; r++) {
    for (let k = r * width; k < (r + 1) * width; k++) {
      if (data[k] !== 0) {
        ids.push(r);
        break;
      }
    }
  }
  const values = new Float32Array(ids.length * width);
  ids.forEach((r, i) => values.set(data.subarray(r * width, (r + 1) * width), i * width));
  return { ids: Int32Array.from(ids), values, width, numRows };
}
