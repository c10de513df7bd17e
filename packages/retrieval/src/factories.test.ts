import { recallAgainstExact, type VectorIndex, type VectorIndexFactory } from '@clrec/spec';
import { describe, expect, it } from 'vitest';
import { exactIndexFactory } from './factories';
import { indexFactory } from './index-factory';
import * as retrieval from './index';
import * as retrievalNode from './node';

describe('index factories', () => {
  it('are VectorIndexFactory plugins building VectorIndex plugins', async () => {
    const factory: VectorIndexFactory = exactIndexFactory();
    expect(factory).toMatchObject({ specificationVersion: 'v1', name: 'exact' });
    expect(indexFactory('hnsw')).toMatchObject({ specificationVersion: 'v1', name: 'hnsw' });
    expect(() => indexFactory('ivf')).toThrow('unknown index "ivf"; valid: exact, hnsw');
    const index: VectorIndex = await factory.build(Float32Array.from([1, 0, 0, 1]), 2);
    expect(index.specificationVersion).toBe('v1');
    expect(Array.from(index.search(Float32Array.from([0, 1]), 1).ids)).toEqual([1]);
    index.dispose();
  });

  it('exports the spec\'s recallAgainstExact, not a second recall under another name', () => {
    expect(retrieval.recallAgainstExact).toBe(recallAgainstExact);
    expect('recallAtK' in retrieval).toBe(false);
  });

  it('keeps the native HNSW index out of the main entry; the node entry has both', () => {
    expect('HnswIndex' in retrieval).toBe(false);
    expect('indexFactory' in retrieval).toBe(false);
    expect(retrievalNode.HnswIndex).toBeDefined();
    expect(retrievalNode.ExactIndex).toBe(retrieval.ExactIndex);
  });
});
