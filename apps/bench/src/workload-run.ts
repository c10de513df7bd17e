import * as tf from '@tensorflow/tfjs';
import { LazyAdam, type NegativeQueue, Rng } from '@clrec/core';
import { makeBatches, type SyntheticCatalog } from './synthetic-data';
import type { Setting, Variant, WorkloadShape } from './workload-config';
import { buildWorkloadModel } from './workload-model';
import { trainStep } from '@clrec/training';
import { makeVariant } from './workload-variant';

/** Options of {@link runWorkload}. */
export interface WorkloadRunOptions {
  /** Measured steps. */
  steps: number;
  /** Unmeasured steps first (compilation, allocation, caches). */
  warmup: number;
  /** Encode each distinct item once per lookup (default true; identical results, less work). */
  dedupe?: boolean;
  /**
   * `lazy` (default): the id and feature tables get touched-row gradients and lazy Adam updates, as
   * WORKLOAD.md specifies (core `LazyAdam`, like PyTorch's `SparseAdam`); `dense`: Adam over every
   * row of every parameter each step (dense gather gradients).
   */
  optimizer?: 'lazy' | 'dense';
  /** Called after every step (warm-up included) with its duration. */
  onStep?: (p: { step: number; total: number; warmup: boolean; ms: number }) => void;
}

/** What one (setting, variant) run of our implementation measured. */
export interface WorkloadRunResult {
  setting: Setting;
  variant: Variant;
  steps: number;
  warmup: number;
  /** B × steps / wall seconds of the measured steps. */
  examplesPerSecond: number;
  /** Mean wall milliseconds of a measured step. */
  stepMs: number;
  /**
   * Mean CPU milliseconds of a measured step, all threads of the process (user + system). Unlike wall
   * time it barely moves when other processes compete for the cores.
   */
  cpuMs: number;
  /** Loss of the last step. */
  loss: number;
  /** Tensors still allocated after the run minus before it (0 = no leak). */
  leakedTensors: number;
  /** Memory right after the last step, before anything is freed. */
  memory: WorkloadMemory;
}

/** Memory of a workload run (bytes). */
export interface WorkloadMemory {
  /** Resident set size of the whole process. */
  rss: number;
  /** Bytes held by live tfjs tensors (weights, catalog tensors, queue). */
  tensorBytes: number;
  /** Size of the WASM heap (0 on other backends); it never shrinks, so it is the peak. */
  wasmHeap: number;
  /** Host-side optimizer state allocated for the sparse tables (2 × rows × d floats; resident only where touched). */
  optimizerHost: number;
}

/** Memory now, for a run whose optimizer keeps `optimizerHost` bytes on the host. */
export function workloadMemory(optimizerHost: number): WorkloadMemory {
  const backend = tf.engine().backend as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return { rss: process.memoryUsage().rss, tensorBytes: tf.memory().numBytes, wasmHeap: backend.wasm?.HEAPU8?.byteLength ?? 0, optimizerHost };
}

/**
 * Fills a FIFO queue to capacity before measuring, as `peer_torch.py` does (its raw queue starts with Q
 * popularity draws, its vector queue with Q zero vectors), so measured steps always see Q keys.
 */
export function prefillQueue(queue: NegativeQueue, variant: Variant, catalog: SyntheticCatalog, shape: WorkloadShape): void {
  if (variant === 'sampled-softmax') return;
  const items = Array.from(catalog.popularity.sample(new Rng(shape.seed + 3), shape.queue));
  if (variant === 'inter') queue.restore({ name: queue.name, capacity: queue.capacity, items });
  else queue.restore({ name: queue.name, capacity: queue.capacity, items, vectors: new Array(items.length * shape.dim).fill(0), dim: shape.dim });
}

/**
 * Runs the throughput workload for one setting and variant: builds the model (seeded), generates all
 * batches up front, runs `warmup` then `steps` training steps and measures positive examples per
 * second over the measured steps. Everything it allocates is freed before it returns.
 */
export function runWorkload(shape: WorkloadShape, setting: Setting, variant: Variant, catalog: SyntheticCatalog, opts: WorkloadRunOptions): WorkloadRunResult {
  if (!(opts.steps >= 1) || !(opts.warmup >= 0)) throw new Error(`runWorkload: steps must be >= 1 and warmup >= 0 (got ${opts.steps}, ${opts.warmup})`);
  const before = tf.memory().numTensors;
  const total = opts.warmup + opts.steps;
  const batches = makeBatches(shape, catalog.popularity, total);
  const model = buildWorkloadModel(shape, catalog, { dedupe: opts.dedupe });
  const { loss, queue } = makeVariant(variant, shape, catalog);
  const adamOpts = { learningRate: shape.learningRate };
  // The encoder marks its id and feature tables sparse; `sparse: []` makes LazyAdam the dense Adam.
  const optimizer = new LazyAdam(model.params, { ...adamOpts, sparse: opts.optimizer === 'dense' ? [] : undefined });
  const ctx = { itemEncoder: model.item, rng: new Rng(shape.seed + 4) };
  let last = NaN;
  let measured = 0;
  let cpu = 0;
  let memory: WorkloadMemory | undefined;
  try {
    prefillQueue(queue, variant, catalog, shape);
    for (let s = 0; s < total; s++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      last = trainStep(model, loss, queue, optimizer, batches[s], { maxLen: model.user.maxLen, ctx });
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (s >= opts.warmup) {
        measured += ms;
        cpu += (c.user + c.system) / 1000;
      }
      opts.onStep?.({ step: s + 1, total, warmup: s < opts.warmup, ms });
    }
    const hostFloats = model.params.filter((p) => optimizer.sparseNames.has(p.name)).reduce((a, p) => a + p.variable.size, 0);
    memory = workloadMemory(2 * 4 * hostFloats);
  } finally {
    queue.dispose();
    optimizer.dispose();
    model.dispose();
  }
  if (!Number.isFinite(last)) throw new Error(`runWorkload: ${setting}/${variant}: loss became ${last}`);
  return {
    setting, variant, steps: opts.steps, warmup: opts.warmup,
    examplesPerSecond: (shape.batch * opts.steps) / (measured / 1000),
    stepMs: measured / opts.steps, cpuMs: cpu / opts.steps, loss: last, leakedTensors: tf.memory().numTensors - before, memory: memory!,
  };
}
