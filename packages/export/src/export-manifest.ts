import type { OnnxValueInfo } from './onnx-proto';

/** What `clrec export --format` can write (a comma list combines them). */
export type ExportFormat = 'onnx' | 'npy' | 'parquet';

/** The valid {@link ExportFormat}s: `onnx` writes everything (the user tower and the item vectors as .npy and Parquet). */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['onnx', 'npy', 'parquet'];

/** File names inside an export directory. */
export const EXPORT_FILES = {
  userTower: 'user-tower.onnx',
  npy: 'item-vectors.npy',
  ids: 'item-ids.json',
  parquet: 'item-vectors.parquet',
  manifest: 'export.json',
} as const;

/** A graph input or output as `export.json` describes it. */
export interface ExportedTensor {
  name: string;
  dtype: 'int64' | 'float32';
  /** Dimensions: `"batch"` for the free batch dimension, numbers for fixed ones. */
  shape: (number | string)[];
  description: string;
}

/** `export.json`: what an export directory holds and how to use it. */
export interface ExportManifest {
  format: 'clrec-export';
  version: 1;
  exportedAt: string;
  /** The checkpoint it came from: its directory as given, when it was saved, and the SHA-256 of its `weights.bin` (format 3). */
  checkpoint: {
    dir: string; savedAt: string; epoch: number; globalStep: number; dataset: { name: string; numUsers: number; numItems: number; interactions: number };
    weightsSha256: string | null;
  };
  /** The model's architecture facts. */
  model: { userEncoder: string; user: Record<string, unknown>; similarity: 'cosine' | 'dot'; dim: number; numItems: number; itemFeatures: string[]; timeBuckets: number };
  /** How a user and an item are scored: the dot product of `user_vector` and the item's row (cosine when both are unit length). */
  score: string;
  /** The ONNX user tower (`--format onnx`), else null. */
  userTower: {
    file: string;
    opset: number;
    irVersion: number;
    inputs: ExportedTensor[];
    outputs: ExportedTensor[];
    maxLen: number;
    /** How histories are laid out in `item_ids`. */
    padding: string;
    /** The `time_buckets` input's definition, or null when the model embeds no click times. */
    timeBuckets: { input: string; buckets: number; unitSeconds: number; definition: string } | null;
    /** How categorical item features enter (baked into the graph's item table). */
    itemFeatures: string;
    /** Whether `user_vector` is l2-normalised. */
    normalized: boolean;
    /** The distinct ONNX operator types of the graph. */
    ops: string[];
  } | null;
  /** The item vectors (the rows serving ranks), in the formats written. */
  itemVectors: {
    count: number;
    dim: number;
    dtype: 'float32';
    /** Whether the rows are l2-normalised (cosine similarity). */
    normalized: boolean;
    /** Row r is the item `item-ids.json[r]`, whose dense id (the `item_ids` input) is r + 1. */
    rows: string;
    npy: string | null;
    ids: string | null;
    parquet: string | null;
  };
  /** Every file written, with its size and SHA-256. */
  files: Record<string, { bytes: number; sha256: string }>;
}

/** The description of an ONNX input or output in `export.json` terms. */
export function exportedTensor(v: OnnxValueInfo): ExportedTensor {
  return { name: v.name, dtype: v.type === 'float' ? 'float32' : 'int64', shape: v.shape, description: v.doc ?? '' };
}
