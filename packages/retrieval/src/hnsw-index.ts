import { availableParallelism } from 'node:os';
import type { VectorIndex, VectorSearchResult } from '@clrec/spec';
import type { Index as UsearchIndex } from 'usearch';
import { repairStranded } from './hnsw-repair';
import { checkK, checkMatrix, checkMetric, normalizeRows, type SimilarityMetric } from './vectors';

/** Options of {@link HnswIndex.build} and {@link HnswIndex.load}. */
export interface HnswIndexOptions {
  /** M: graph edges per node and layer (usearch `connectivity`, default 16). More: better recall, more memory. */
  connectivity?: number;
  /** efConstruction: candidate list size while inserting (usearch `expansion_add`, default 128). */
  expansionAdd?: number;
  /**
   * ef: candidate list size while searching (usearch `expansion_search`, default 128); recall and
   * latency grow with it. usearch fixes it when the index is created, so a different value needs
   * {@link HnswIndex.load} of a saved index (no rebuild).
   */
  expansionSearch?: number;
  /** Threads inserting in parallel (default: all logical cores). */
  buildThreads?: number;
  /** Threads sharing a multi-query search (default 1: serving runs one query per request). */
  searchThreads?: number;
  /**
   * Similarity: `cosine` (default; usearch metric `cos` on l2-normalised rows) or `dot` (usearch `ip`
   * on raw rows, for models trained with dot-product logits).
   */
  metric?: SimilarityMetric;
}

/** Build-only options of {@link HnswIndex.build}. */
export interface HnswBuildProgress {
  /** Called after each chunk of inserted rows (a build of 1M rows takes minutes). */
  onProgress?: (inserted: number, total: number) => void;
  /** Rows inserted per native call between progress reports (default 65,536). */
  chunkRows?: number;
  /**
   * After a build on more than one thread, find the rows the parallel insertion left unreachable
   * (usearch issue #735) and re-insert them on one thread (default true; cosine only). Costs one
   * k = 1 self-search per row, about as long as the search half of a build.
   */
  repair?: boolean;
  /** Called after each chunk of the repair's self-search (rows checked so far, total rows). */
  onRepairProgress?: (checked: number, total: number) => void;
}

type UsearchModule = typeof import('usearch');
let usearchModule: Promise<UsearchModule> | null = null;

/** Loads the usearch native module once, with an actionable error when the platform has no build. */
function loadUsearch(): Promise<UsearchModule> {
  usearchModule ??= import('usearch').catch((e: unknown) => {
    usearchModule = null;
    throw new Error(`HnswIndex: the usearch native module could not be loaded (${(e as Error).message}); use the exact index instead`);
  });
  return usearchModule;
}

const settings = (o: HnswIndexOptions) => ({
  connectivity: o.connectivity ?? 16,
  expansionAdd: o.expansionAdd ?? 128,
  expansionSearch: o.expansionSearch ?? 128,
  buildThreads: o.buildThreads ?? availableParallelism(),
  searchThreads: o.searchThreads ?? 1,
  metric: o.metric ?? 'cosine',
});

/**
 * Approximate cosine top-K with an HNSW graph (usearch, metric `cos`, float32 vectors). Rows are
 * l2-normalised before insertion, so the graph and the scores use the same cosine as training and
 * {@link ExactIndex}; a score is 1 − the usearch cosine distance (with `metric: 'dot'`: usearch `ip`
 * on raw rows, score = 1 − distance = the dot product). Results are re-sorted best first
 * with ties by lower id. Recall depends on M / efConstruction / ef and on the data (see the
 * retrieval benchmark); measure it against {@link ExactIndex} with `recallAgainstExact`.
 */
export class HnswIndex implements VectorIndex {
  /** Plugin specification version this index implements. */
  readonly specificationVersion = 'v1' as const;
  /** Registry name. */
  readonly name = 'hnsw';
  /** Vector width d. */
  readonly dim: number;
  /** Settings in effect (defaults filled in). */
  readonly options: Required<HnswIndexOptions>;
  /** Rows a parallel build left unreachable and {@link HnswIndex.build} re-inserted (0 when loaded or built on one thread). */
  readonly repairedRows: number;
  /** Wall seconds {@link HnswIndex.build} spent finding and re-inserting stranded rows (a k = 1 self-search of every row). */
  readonly repairSeconds: number;
  private index: UsearchIndex | null;

  private constructor(dim: number, options: Required<HnswIndexOptions>, index: UsearchIndex, repairedRows = 0, repairSeconds = 0) {
    this.dim = dim;
    this.options = options;
    this.index = index;
    this.repairedRows = repairedRows;
    this.repairSeconds = repairSeconds;
  }

  /** Number of indexed rows n. */
  get size(): number {
    return this.live().size();
  }

  /**
   * Builds the graph over `vectors`, float32 row-major `[n, dim]` (normalised copy; row r gets id r),
   * inserting on `buildThreads` threads in chunks of `chunkRows` (progress reported after each);
   * a parallel build then re-inserts the rows it left unreachable (`repair`, see {@link HnswIndex.repairedRows}).
   * Blocks the calling thread while a chunk is inserted (a 1M-row build takes minutes).
   * @throws RangeError on a dimension mismatch, a non-finite value, an empty matrix or a bad option
   */
  static async build(vectors: Float32Array, dim: number, options: HnswIndexOptions & HnswBuildProgress = {}): Promise<HnswIndex> {
    const n = checkMatrix(vectors, dim, 'HnswIndex.build: vectors');
    if (n === 0) throw new RangeError('HnswIndex.build: vectors is empty (need at least one row)');
    const { onProgress, onRepairProgress, chunkRows = 65_536, repair = true, ...rest } = options;
    if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError(`HnswIndex.build: chunkRows must be a positive integer, got ${chunkRows}`);
    const o = checkSettings(settings(rest));
    const index = await create(dim, o);
    const rows = o.metric === 'cosine' ? normalizeRows(vectors, dim) : vectors;
    for (let start = 0; start < n; start += chunkRows) {
      const end = Math.min(n, start + chunkRows);
      const keys = new BigUint64Array(end - start);
      for (let i = start; i < end; i++) keys[i - start] = BigInt(i);
      index.add(keys, rows.subarray(start * dim, end * dim), o.buildThreads);
      onProgress?.(end, n);
    }
    if (!repair || o.buildThreads === 1 || o.metric !== 'cosine') return new HnswIndex(dim, o, index);
    const t0 = performance.now();
    const repaired = repairStranded(index, rows, dim, o.buildThreads, onRepairProgress);
    return new HnswIndex(dim, o, index, repaired, (performance.now() - t0) / 1000);
  }

  /**
   * Loads an index written by {@link HnswIndex.save} into memory, with new search settings
   * (`expansionSearch`, `searchThreads`); the graph's connectivity and vectors come from the file.
   * @throws Error when the file is missing, not a usearch index, or of another dimension
   */
  static async load(path: string, dim: number, options: HnswIndexOptions = {}): Promise<HnswIndex> {
    const o = checkSettings(settings(options));
    const index = await create(dim, o);
    try {
      index.load(path);
    } catch (e) {
      throw new Error(`HnswIndex.load: cannot load ${path} (${(e as Error).message})`);
    }
    if (index.dimensions() !== dim) throw new Error(`HnswIndex.load: ${path} holds ${index.dimensions()}-d vectors, expected ${dim} (dimension mismatch)`);
    return new HnswIndex(dim, { ...o, connectivity: index.connectivity() }, index);
  }

  /** Writes the graph and vectors to `path` (usearch format), for {@link HnswIndex.load}. */
  save(path: string): void {
    this.live().save(path);
  }

  /**
   * The `k` nearest rows by cosine for each query (approximate), best first, ties by lower id;
   * unfilled slots (when the graph walk found fewer than k rows) get id -1 and score -Infinity.
   * @param threads threads sharing the queries (default: the `searchThreads` option)
   * @throws RangeError on a dimension mismatch, a non-finite query value, or k outside [1, size]
   */
  search(queries: Float32Array, k: number, threads: number = this.options.searchThreads): VectorSearchResult {
    const index = this.live();
    const nq = checkMatrix(queries, this.dim, `HnswIndex.search: queries (index dim ${this.dim})`);
    checkK(k, index.size(), 'HnswIndex.search');
    const ids = new Int32Array(nq * k).fill(-1);
    const scores = new Float32Array(nq * k).fill(-Infinity);
    if (nq === 0) return { queries: 0, k, ids, scores };
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`HnswIndex.search: threads must be a positive integer, got ${threads}`);
    const res = index.search(queries, k, threads) as { keys: BigUint64Array; distances: Float32Array; counts?: BigUint64Array };
    const order: number[] = [];
    for (let q = 0; q < nq; q++) {
      // a single query comes back as Matches (exactly its `count` results), several as BatchMatches
      const count = res.counts ? Number(res.counts[q]) : res.keys.length;
      const src = res.counts ? q * k : 0;
      order.length = 0;
      for (let j = 0; j < count; j++) order.push(src + j);
      order.sort((a, b) => res.distances[a] - res.distances[b] || Number(res.keys[a] - res.keys[b]));
      for (let j = 0; j < count; j++) {
        ids[q * k + j] = Number(res.keys[order[j]]);
        scores[q * k + j] = 1 - res.distances[order[j]];
      }
    }
    return { queries: nq, k, ids, scores };
  }

  /** Drops the native index (its memory is released when collected); later calls throw. */
  dispose(): void {
    this.index = null;
  }

  private live(): UsearchIndex {
    if (!this.index) throw new Error('HnswIndex: the index was disposed');
    return this.index;
  }
}

function checkSettings(o: Required<HnswIndexOptions>): Required<HnswIndexOptions> {
  checkMetric(o.metric, 'HnswIndex');
  for (const [name, v] of Object.entries(o)) {
    if (name !== 'metric' && (!Number.isInteger(v) || (v as number) < 1)) throw new RangeError(`HnswIndex: ${name} must be a positive integer, got ${v}`);
  }
  return o;
}

async function create(dim: number, o: Required<HnswIndexOptions>): Promise<UsearchIndex> {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`HnswIndex: dim must be a positive integer, got ${dim}`);
  const { Index, MetricKind, ScalarKind } = await loadUsearch();
  return new Index({
    dimensions: dim, metric: o.metric === 'cosine' ? MetricKind.Cos : MetricKind.IP, quantization: ScalarKind.F32, connectivity: o.connectivity,
    expansion_add: o.expansionAdd, expansion_search: o.expansionSearch, multi: false,
  });
}
