import * as tf from '@tensorflow/tfjs';

/** The parts of a tfjs backend used to reach a tensor's memory (WASM and JS CPU backends have them). */
interface BackendInternals {
  refCount?(dataId: object): number;
  /** WASM backend: a typed-array view of a tensor on the WASM heap. */
  typedArrayFromHeap?(info: { shape: number[]; dtype: string; dataId: object }): Float32Array;
  /** JS CPU backend: the data store holding each tensor's values. */
  data?: { get(dataId: object): { values?: unknown } | undefined };
}

/**
 * A writable view of `table`'s float32 values where the backend allows it (the WASM heap, or the
 * JS CPU backend's array), after making sure no other tensor shares the buffer (a shared buffer is
 * copied once, so clones and reshapes never see the update). Null on other backends.
 * The view is valid until the next tensor allocation (a WASM heap growth detaches it).
 */
function writableValues(table: tf.Variable): Float32Array | null {
  if (table.dtype !== 'float32') return null;
  const backend = tf.engine().backend as unknown as BackendInternals;
  const view = (): Float32Array | null => {
    if (typeof backend.typedArrayFromHeap === 'function') {
      return backend.typedArrayFromHeap({ shape: table.shape, dtype: table.dtype, dataId: table.dataId });
    }
    const values = backend.data?.get(table.dataId)?.values;
    return values instanceof Float32Array && values.length === table.size ? values : null;
  };
  if (typeof backend.refCount !== 'function' || view() === null) return null;
  if (backend.refCount(table.dataId) > 1) {
    // Another tensor (a clone, a reshape, an undisposed initial value) shares the buffer: give the
    // variable a private copy first (once; later steps find it unshared).
    tf.tidy(() => table.assign(tf.mul(table, tf.scalar(1))));
    if (backend.refCount(table.dataId) > 1) return null;
  }
  return view();
}

/**
 * Lets `update` change rows `ids` of `table` (`[numRows, ...]`, float32): it receives a float32 array
 * and, for each id, the offset of that row's first value in it (a row is `width` consecutive values).
 * On the WASM and JS CPU backends the array is the variable's own buffer, changed in place: O(ids ×
 * width), no table-sized allocation, copy or scan. On other backends the rows are gathered into a
 * compact array and written back with one `tensorScatterUpdate` (which copies the table once).
 * `update` must not create tensors. Ids must be distinct and in range.
 * @param options.inPlace false forces the gather/scatter path (default true: in place where possible)
 */
export function updateTableRows(
  table: tf.Variable,
  ids: Int32Array,
  update: (values: Float32Array, rowOffsets: Int32Array) => void,
  options: { inPlace?: boolean } = {},
): void {
  const width = table.shape.slice(1).reduce((a, b) => a * b, 1);
  const numRows = table.shape[0] ?? 0;
  const offsets = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < numRows)) throw new Error(`updateTableRows: row ${id} is not in [0, ${numRows}) of "${table.name}"`);
    offsets[i] = id * width;
  }
  const data = options.inPlace === false ? null : writableValues(table);
  if (data !== null) {
    update(data, offsets);
    return;
  }
  tf.tidy(() => {
    const idx = tf.tensor1d(ids, 'int32');
    const rows = Float32Array.from(tf.gather(table, idx).dataSync() as Float32Array);
    for (let i = 0; i < ids.length; i++) offsets[i] = i * width;
    update(rows, offsets);
    const updated = tf.tensor(rows, [ids.length, ...table.shape.slice(1)]);
    table.assign(tf.tensorScatterUpdate(table, tf.reshape(idx, [-1, 1]), updated));
  });
}
