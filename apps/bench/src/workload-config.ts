/** Negative-source variants of the throughput workload (WORKLOAD.md `--variant`). */
export const VARIANTS = ['inter', 'cached', 'sampled-softmax'] as const;
/** One of {@link VARIANTS}. */
export type Variant = (typeof VARIANTS)[number];

/**
 * Item-feature settings of the throughput workload: `plain` = ids only, `features` = the categorical
 * features, `rich-label` = features plus the 256-d content MLP on the label side.
 */
export const SETTINGS = ['plain', 'features', 'rich-label'] as const;
/** One of {@link SETTINGS}. */
export type Setting = (typeof SETTINGS)[number];

/** Shapes and hyper-parameters of the throughput workload (WORKLOAD.md; `peer_torch.py` defaults). */
export interface WorkloadShape {
  /** Catalog size V (item ids 1..V). */
  catalog: number;
  /** Embedding dimension d. */
  dim: number;
  /** History length T (histories are padded to T and masked). */
  seqLen: number;
  /** Shortest history (lengths are uniform on minLen..seqLen). */
  minLen: number;
  /** Attention heads H. */
  heads: number;
  /** Positive examples per step B. */
  batch: number;
  /** Keys per step / sampled negatives Q. */
  queue: number;
  /** Vocabulary of each categorical feature (used by the `features` and `rich-label` settings). */
  featureVocabs: number[];
  /** Time buckets of history clicks. */
  timeBuckets: number;
  /** Width of the dense label-side content vectors (`rich-label`). */
  contentDim: number;
  /** Hidden width of the content MLP. */
  contentHidden: number;
  /** Cosine temperature. */
  temperature: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Seed of the synthetic data and the initial weights. */
  seed: number;
}

/** The WORKLOAD.md shapes: catalog 100k, d 64, T 50 (5..50), H 8, B 256, Q 2,560, 6 features, 64 buckets. */
export const DEFAULT_WORKLOAD: WorkloadShape = {
  catalog: 100_000,
  dim: 64,
  seqLen: 50,
  minLen: 5,
  heads: 8,
  batch: 256,
  queue: 2560,
  featureVocabs: [100, 2_000, 20_000, 5_000, 5, 3],
  timeBuckets: 64,
  contentDim: 256,
  contentHidden: 256,
  temperature: 0.07,
  learningRate: 1e-3,
  seed: 7,
};

/** Checks a workload for values the model cannot run with; throws naming the field. */
export function checkWorkload(w: WorkloadShape): void {
  const positive: (keyof WorkloadShape)[] = ['catalog', 'dim', 'seqLen', 'minLen', 'heads', 'batch', 'queue', 'timeBuckets', 'contentDim', 'contentHidden'];
  for (const k of positive) {
    const v = w[k] as number;
    if (!Number.isInteger(v) || v < 1) throw new Error(`workload: ${k} must be a positive integer, got ${v}`);
  }
  if (w.minLen > w.seqLen) throw new Error(`workload: minLen (${w.minLen}) must be <= seqLen (${w.seqLen})`);
  if (w.batch > w.queue) throw new Error(`workload: batch (${w.batch}) must be <= queue (${w.queue}): the FIFO queues hold the batch plus earlier positives`);
  if (!(w.temperature > 0) || !(w.learningRate > 0)) throw new Error('workload: temperature and learningRate must be > 0');
}
