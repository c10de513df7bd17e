import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { itemVectorsParquet } from './item-vectors-parquet';

describe('itemVectorsParquet', () => {
  it('writes id (string) and vector (list<float>) columns that read back exactly, over several row groups', async () => {
    const n = 16_400; // two row groups (16,384 rows each)
    const d = 2;
    const ids = Array.from({ length: n }, (_, i) => `item-${i}`);
    const vectors = Float32Array.from({ length: n * d }, (_, i) => Math.sin(i) * 1.5);
    const bytes = await itemVectorsParquet(ids, vectors, d, 'cosine');
    const file = new Uint8Array(bytes).buffer;
    const meta = parquetMetadata(file);
    expect(meta.schema.map((s) => [s.name, s.type, s.converted_type, s.repetition_type])).toEqual([
      ['schema', undefined, undefined, undefined],
      ['id', 'BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      ['vector', undefined, 'LIST', 'REQUIRED'],
      ['list', undefined, undefined, 'REPEATED'],
      ['element', 'FLOAT', undefined, 'REQUIRED'],
    ]);
    expect(meta.row_groups.length).toBe(2);
    expect(meta.key_value_metadata).toEqual(expect.arrayContaining([{ key: 'clrec.dim', value: '2' }, { key: 'clrec.similarity', value: 'cosine' }]));
    const rows = await parquetReadObjects({ file });
    expect(rows.length).toBe(n);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(Float32Array.from(rows.flatMap((r) => r.vector as number[]))).toEqual(vectors);
  });

  it('refuses vectors that do not match the ids', async () => {
    await expect(itemVectorsParquet(['a', 'b'], new Float32Array(5), 2, 'dot')).rejects.toThrow(/5 values are not 2 ids x dim 2/);
  });
});
