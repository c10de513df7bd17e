import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { l2Normalize } from '@clrec/core';
import { formatMarkdownTable } from '@clrec/metrics';
import { writeFileAtomic } from './atomic-write';
import type { TrainConfig } from './config';
import type { Model } from './model';

/** Contents of `results.json`: what was trained on what, the metrics, and how long it took. */
export interface RunResults {
  tool: 'clrec';
  command: 'train' | 'eval';
  dataset: { name: string; numUsers: number; numItems: number; interactions: number; split: string; trainExamples: number; validUsers: number; testUsers: number };
  protocol: { kind: 'full-ranking'; excludeHistory: boolean; ties: 'pessimistic'; maxEvalUsers: number };
  backend: string;
  config: TrainConfig;
  bestEpoch: number | null;
  epochsRun: number;
  metrics: { valid: Record<string, number>; test: Record<string, number> };
  /** Seconds: `train` = time in training steps this process; `total` = wall time of the whole run incl. resumed parts. */
  wallSeconds: { train: number; total: number };
  examplesPerSecond: number | null;
  history: { epoch: number; loss: number; valid: Record<string, number>; seconds: number }[];
}

/**
 * Writes the run's outputs atomically into `out`: `results.json`, `results.md` (Markdown table),
 * `item-embeddings.bin` (float32 LE, `[numItems, d]`, rows for dense ids 1..numItems, l2-normalised)
 * and `item-embeddings.json` (shape, dtype and the raw item id of each row).
 */
export async function writeOutputs(out: string, results: RunResults, model: Model, itemIds: string[]): Promise<void> {
  const n = model.item.numItems;
  const emb = tf.tidy(() => l2Normalize(model.item.encode(tf.range(1, n + 1, 1, 'int32')) as tf.Tensor2D));
  const data = (await emb.data()) as Float32Array;
  emb.dispose();
  writeFileAtomic(join(out, 'item-embeddings.bin'), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  writeFileAtomic(join(out, 'item-embeddings.json'), JSON.stringify({
    rows: n, dim: model.item.dim, dtype: 'float32', byteOrder: 'little-endian', normalized: true,
    file: 'item-embeddings.bin', ids: itemIds.slice(1),
  }));
  writeFileAtomic(join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const md = `# CLRec results: ${results.dataset.name}\n\nFull ranking over ${results.dataset.numItems} items` +
    ` (history ${results.protocol.excludeHistory ? 'excluded' : 'included'}, pessimistic ties), best epoch ${results.bestEpoch}.\n\n` +
    formatMarkdownTable({ valid: results.metrics.valid, test: results.metrics.test }) +
    `\n\nWall time ${results.wallSeconds.total.toFixed(1)} s on backend ${results.backend}.\n`;
  writeFileAtomic(join(out, 'results.md'), md);
}
