/** Rows per `ParquetWriter.write` call (bounds the boxed copies of the vectors held at once). */
const CHUNK_ROWS = 16_384;

/**
 * Item vectors as a Parquet file with two required columns: `id` (UTF-8 string, the raw item id) and
 * `vector` (a standard three-level `LIST` of `FLOAT`, i.e. Arrow `list<float>`; pandas reads it as
 * arrays), Snappy-compressed, with `clrec.dim` and `clrec.similarity` key/value metadata.
 * @param ids raw id of each row
 * @param vectors row-major float32 `[ids.length, dim]`
 * Asynchronous because `hyparquet-writer` is an ES module (loaded with `import()`, so the CommonJS
 * build of this package works too).
 * @throws RangeError when the vector count does not match the ids
 */
export async function itemVectorsParquet(ids: string[], vectors: Float32Array, dim: number, similarity: 'cosine' | 'dot'): Promise<Uint8Array> {
  if (!(Number.isInteger(dim) && dim >= 1) || vectors.length !== ids.length * dim) {
    throw new RangeError(`itemVectorsParquet: ${vectors.length} values are not ${ids.length} ids x dim ${dim}`);
  }
  const { ByteWriter, ParquetWriter } = await import('hyparquet-writer');
  const writer = new ByteWriter();
  const pq = new ParquetWriter({
    writer,
    schema: [
      { name: 'schema', num_children: 2 },
      { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      { name: 'vector', repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
    ],
    kvMetadata: [{ key: 'clrec.dim', value: String(dim) }, { key: 'clrec.similarity', value: similarity }],
    createdBy: 'clrec export',
  });
  for (let start = 0; start < ids.length; start += CHUNK_ROWS) {
    const end = Math.min(ids.length, start + CHUNK_ROWS);
    const rows: number[][] = [];
    for (let r = start; r < end; r++) rows.push(Array.from(vectors.subarray(r * dim, (r + 1) * dim)));
    // the writer's types say "data: DecodedArray"; nested lists are arrays of arrays
    await pq.write({ columnData: [{ name: 'id', data: ids.slice(start, end) }, { name: 'vector', data: rows as unknown as number[] }], rowGroupSize: end - start });
  }
  await pq.finish();
  return new Uint8Array(writer.getBuffer());
}
