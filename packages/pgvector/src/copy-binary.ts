const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // "PGCOPY\n\377\r\n\0"

/**
 * Rows `start..end-1` of a `[n, dim]` matrix as a Postgres binary COPY stream for the columns
 * `(id int4, [raw_id text,] v vector)`: the header, one tuple per row (id = row number; pgvector's
 * binary form of a vector is int16 dim, int16 0, dim × float4, all big-endian) and the trailer.
 */
export function binaryCopyRows(vectors: Float32Array, dim: number, start: number, end: number, rawIds?: ArrayLike<string>): Uint8Array {
  const encoder = new TextEncoder();
  const raw = rawIds ? Array.from({ length: end - start }, (_, i) => encoder.encode(String(rawIds[start + i]))) : null;
  const rawBytes = raw ? raw.reduce((a, b) => a + 4 + b.length, 0) : 0;
  const tupleBytes = 2 + 8 + 4 + 4 + 4 * dim;
  const out = new Uint8Array(19 + (end - start) * tupleBytes + rawBytes + 2);
  const view = new DataView(out.buffer);
  out.set(SIGNATURE, 0); // flags (int32 0) and header extension length (int32 0) follow as zeros
  let o = 19;
  for (let r = start; r < end; r++) {
    view.setInt16(o, raw ? 3 : 2);
    view.setInt32(o + 2, 4);
    view.setInt32(o + 6, r);
    o += 10;
    if (raw) {
      const b = raw[r - start];
      view.setInt32(o, b.length);
      out.set(b, o + 4);
      o += 4 + b.length;
    }
    view.setInt32(o, 4 + 4 * dim);
    view.setInt16(o + 4, dim);
    view.setInt16(o + 6, 0);
    o += 8;
    for (let j = 0; j < dim; j++, o += 4) view.setFloat32(o, vectors[r * dim + j]);
  }
  view.setInt16(o, -1);
  return out;
}
