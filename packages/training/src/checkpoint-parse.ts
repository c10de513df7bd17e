import { assembleCheckpoint, checkItemIds } from './checkpoint-assemble';
import { assertFileDigest, assertFileSize, assertFiniteWeights } from './checkpoint-checks';
import { CHECKPOINT_VERSIONS, parseCheckpointManifest } from './checkpoint-manifest';
import type { CheckpointManifest, LoadedCheckpoint } from './checkpoint-types';
import { sha256Hex } from './sha256-hex';

/** The contents of one checkpoint file: its bytes (an `ArrayBuffer`, typed array or `DataView`) or its text. */
export type CheckpointFileData = ArrayBuffer | ArrayBufferView | string;

/**
 * The files of a checkpoint directory (as `clrec train` writes it) in memory: what a page gets from
 * a file input or `fetch`. Give the files' contents as they are, so their sizes and SHA-256 are
 * checked against `checkpoint.json`; already parsed values (`itemIds` as an array, `itemFeatures` as
 * an object, `manifest` as an object) are checked for shape only.
 */
export interface CheckpointInput {
  /** `checkpoint.json`. */
  manifest: CheckpointFileData | Record<string, unknown>;
  /** `weights.bin`. */
  weights: ArrayBuffer | ArrayBufferView;
  /** `item-ids.json`: the raw item id of each dense id (index 0 = padding); needed to recommend by raw ids. */
  itemIds?: CheckpointFileData | readonly string[];
  /** `item-features.json`: needed when the model embeds item features (the manifest's `model.item.features`). */
  itemFeatures?: CheckpointFileData | Record<string, readonly number[]>;
  /** `optimizer.bin` (Adam state), only to resume training; serving does without it. */
  optimizer?: ArrayBuffer | ArrayBufferView;
  /** What errors call the checkpoint: they name `<source>/<file>` (default `checkpoint`), e.g. the URL it was fetched from. */
  source?: string;
}

/** A checkpoint parsed from memory: {@link LoadedCheckpoint} (with `dir` = the input's `source`) plus its raw item ids. */
export interface ParsedCheckpoint extends LoadedCheckpoint {
  /** Raw item id of each dense id (`itemIds[0] = ''`), or null when `item-ids.json` was not given. */
  itemIds: string[] | null;
  /** The files whose size and SHA-256 were checked against the manifest (format version 3). */
  verified: string[];
}

const utf8 = new TextDecoder('utf-8');
const isFileData = (v: unknown): v is CheckpointFileData => typeof v === 'string' || v instanceof ArrayBuffer || ArrayBuffer.isView(v);
const bytesOf = (v: CheckpointFileData): Uint8Array => (typeof v === 'string' ? new TextEncoder().encode(v)
  : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v));

/**
 * Parses and checks a checkpoint held in memory — what `loadCheckpoint` (`@clrec/training/node`)
 * does with a directory, with the same checks and error messages: the manifest's keys and version,
 * the size and SHA-256 (Web Crypto) of every given file the manifest lists (format version 3), the
 * weights against the parameter table, the item features the model embeds, the item ids against
 * the catalog size, and no NaN or ±Infinity in any weight. Runs in browsers and Node alike.
 * @throws Error starting with `<source>/<file>` (e.g. `checkpoint/weights.bin: truncated: …`), saying what is wrong
 */
export async function parseCheckpoint(input: CheckpointInput): Promise<ParsedCheckpoint> {
  const source = (input.source ?? 'checkpoint').replace(/\/+$/, '') || 'checkpoint';
  const path = (name: string) => `${source}/${name}`;
  const text = isFileData(input.manifest) ? utf8.decode(bytesOf(input.manifest)) : JSON.stringify(input.manifest);
  const manifest = parseCheckpointManifest(text, path('checkpoint.json'), CHECKPOINT_VERSIONS) as unknown as CheckpointManifest;
  const given = new Map<string, Uint8Array>(); // the files' own bytes: checked against the manifest
  if (input.weights !== undefined && input.weights !== null) given.set('weights.bin', bytesOf(input.weights));
  if (input.optimizer) given.set('optimizer.bin', bytesOf(input.optimizer));
  if (isFileData(input.itemIds)) given.set('item-ids.json', bytesOf(input.itemIds));
  if (isFileData(input.itemFeatures)) given.set('item-features.json', bytesOf(input.itemFeatures));
  const verified: string[] = [];
  for (const [name, entry] of Object.entries(manifest.version === 3 ? manifest.files ?? {} : {})) {
    const data = given.get(name);
    if (!data) continue; // files not given are reported when they are needed
    assertFileSize(path(name), data.byteLength, entry);
    assertFileDigest(path(name), await sha256Hex(data), entry);
    verified.push(name);
  }
  const features = input.itemFeatures && !isFileData(input.itemFeatures) ? new TextEncoder().encode(JSON.stringify(input.itemFeatures)) : null;
  const ck = assembleCheckpoint(manifest, source, {
    bytes: (name) => given.get(name) ?? (name === 'item-features.json' ? features : null),
    path,
  });
  let itemIds: string[] | null = null;
  if (input.itemIds !== undefined && input.itemIds !== null) {
    let value: unknown = input.itemIds;
    if (isFileData(value)) {
      try {
        value = JSON.parse(utf8.decode(bytesOf(value)));
      } catch (e) {
        throw new Error(`${path('item-ids.json')}: cannot be read as JSON (${(e as Error).message})`);
      }
    }
    itemIds = checkItemIds(value, path('item-ids.json'), manifest.dataset.numItems);
  }
  assertFiniteWeights(path('weights.bin'), manifest, ck.weights);
  return { ...ck, itemIds, verified };
}
