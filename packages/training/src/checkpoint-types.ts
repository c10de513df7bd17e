import type { TrainConfig } from './config';
import type { TrainingState } from './fit';
import type { ModelOptions } from './model';

/** Facts about the dataset a checkpoint was trained on, checked when resuming or evaluating. */
export interface DatasetFingerprint {
  name: string;
  numUsers: number;
  numItems: number;
  interactions: number;
}

/** Size and SHA-256 (hex) of one file of a checkpoint, as recorded in `checkpoint.json` (format version 3). */
export interface CheckpointFileEntry {
  bytes: number;
  sha256: string;
}

/**
 * {@link ModelOptions} as stored in a manifest: item features by name and cardinality (their
 * per-item values live in `item-features.json` beside it).
 */
export type StoredModelOptions = Omit<ModelOptions, 'item'> & { item: { features: { name: string; cardinality: number }[]; labelFeatures: boolean } };

/**
 * Parsed `checkpoint.json`. Version 3 (this build) lists the size and SHA-256 of every other file
 * (`files`), checked on load; versions 2 and 3 store the model options, so a checkpoint rebuilds its
 * model without any recipe; version 1 (earlier builds) only the recipe `config`. Versions 1 and 2
 * still load, without checksums.
 */
export interface CheckpointManifest {
  format: 'clrec-checkpoint';
  version: 1 | 2 | 3;
  savedAt: string;
  /** Size and SHA-256 of each other file of the directory, by file name (version 3). */
  files?: Record<string, CheckpointFileEntry>;
  /** The architecture (versions 2 and 3). */
  model?: StoredModelOptions;
  /** The recipe it was trained with (always in version 1; in versions 2 and 3 when trained from a recipe, e.g. by `clrec train`). */
  config?: TrainConfig;
  dataset: DatasetFingerprint;
  state: TrainingState;
  params: { name: string; shape: number[]; offset: number }[];
  optimizer: { step: number; slots: { name: string; shape: number[]; offset: number }[] } | null;
}

/**
 * A loaded checkpoint: manifest plus raw float32 parameter and optimizer buffers. `dir` is the
 * directory it was read from (`loadCheckpoint`), or the label its files are named by in errors
 * (`parseCheckpoint`).
 */
export interface LoadedCheckpoint {
  dir: string;
  manifest: CheckpointManifest;
  /** Per-item values of the model's item features (version 2 with features), else null. */
  itemFeatures: { name: string; cardinality: number; values: Int32Array }[] | null;
  weights: Float32Array;
  optimizer: Float32Array | null;
}
