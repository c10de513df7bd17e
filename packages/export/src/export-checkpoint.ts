import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TIME_BUCKETS, TIME_BUCKET_UNIT_SECONDS } from '@clrec/encoders';
import {
  checkpointNeedsCatalog, loadCheckpoint, loadServingModel, type LoadedCheckpoint, modelFromCheckpoint, prepareData, resolveCheckpointDir, writeFileAtomic,
} from '@clrec/training/node';
import { EXPORT_FILES, EXPORT_FORMATS, type ExportFormat, type ExportManifest, exportedTensor } from './export-manifest';
import { itemVectorsParquet } from './item-vectors-parquet';
import { encodeNpy } from './npy';
import { exportUserTower, ONNX_IR_VERSION, ONNX_OPSET, ONNX_USER_ENCODERS, type UserTowerExport } from './user-tower';

/** Options of {@link exportCheckpoint}. */
export interface ExportCheckpointOptions {
  /** A run directory (its `checkpoints/best`, else `last`) or a checkpoint directory. */
  checkpoint: string;
  /** Directory to write into (created when missing; files of the same names are replaced atomically). */
  out: string;
  /** What to write (default `['onnx']`: everything). */
  formats?: ExportFormat[];
  /** Progress lines. */
  log?: (line: string) => void;
}

/**
 * Parses a `--format` value: a comma list of {@link EXPORT_FORMATS}.
 * @throws Error naming the flag and the valid values
 */
export function parseExportFormats(value: string): ExportFormat[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.find((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
  if (bad !== undefined || list.length === 0) {
    throw new Error(`--format "${value}": use one or more (comma-separated) of ${EXPORT_FORMATS.join(', ')} (onnx writes the user tower and the item vectors in every format)`);
  }
  return [...new Set(list)] as ExportFormat[];
}

/**
 * Exports a trained checkpoint for serving outside this process, into `out`:
 * `user-tower.onnx` (the user tower, see `exportUserTower`; with format `onnx`), `item-vectors.npy`
 * float32 `[n, d]` and `item-ids.json` (raw id of each row; `npy`), `item-vectors.parquet` (`id`,
 * `vector` list<float>; `parquet`), all three with `onnx`; then `export.json` describing them (written
 * last). The item vectors are those serving ranks with (`rankingItemVectors`: unit rows under cosine).
 * @throws Error naming the flag or file at fault: `--out` that is a file, a missing `--checkpoint`, a
 *   user encoder that has no ONNX export (listing those that have), or any checkpoint problem
 */
export async function exportCheckpoint(o: ExportCheckpointOptions): Promise<ExportManifest> {
  const log = o.log ?? (() => {});
  const formats = new Set(o.formats ?? ['onnx']);
  if (existsSync(o.out) && !statSync(o.out).isDirectory()) throw new Error(`--out ${o.out}: is a file; give a directory to write the export into`);
  if (!existsSync(o.checkpoint)) throw new Error(`--checkpoint ${o.checkpoint}: no such directory (give a run directory or a checkpoint directory)`);
  const ck = loadCheckpoint(resolveCheckpointDir(o.checkpoint));
  const kind = String(ck.manifest.model?.user.kind ?? ck.manifest.config?.userEncoder ?? 'unknown');
  if (formats.has('onnx') && !(ONNX_USER_ENCODERS as readonly string[]).includes(kind)) {
    throw new Error(`--format onnx: the checkpoint ${ck.dir} has user encoder "${kind}", which cannot be exported to ONNX; supported: ${ONNX_USER_ENCODERS.join(', ')} (--format npy,parquet exports its item vectors alone)`);
  }
  const serving = loadServingModel(o.checkpoint, log);
  try {
    const vectors = serving.itemVectors();
    const dim = vectors.length / serving.numItems; // not serving.dim: that is the recipe's, a default for library-saved checkpoints
    const ids = serving.itemIds.slice(1, serving.numItems + 1);
    const files: [string, Uint8Array][] = [];
    let tower: UserTowerExport | null = null;
    if (formats.has('onnx')) {
      tower = userTower(ck, serving.config, serving.config.maxLen, log);
      files.push([EXPORT_FILES.userTower, tower.bytes]);
    }
    if (formats.has('onnx') || formats.has('npy')) {
      files.push([EXPORT_FILES.npy, encodeNpy(vectors, [serving.numItems, dim])]);
      files.push([EXPORT_FILES.ids, Buffer.from(JSON.stringify(ids), 'utf8')]);
    }
    if (formats.has('onnx') || formats.has('parquet')) files.push([EXPORT_FILES.parquet, await itemVectorsParquet(ids, vectors, dim, serving.similarity)]);
    mkdirSync(o.out, { recursive: true });
    for (const [name, data] of files) {
      writeFileAtomic(join(o.out, name), data);
      log(`export: wrote ${join(o.out, name)} (${formatBytes(data.length)})`);
    }
    const manifest = manifestFor(ck, serving, dim, tower, files);
    writeFileAtomic(join(o.out, EXPORT_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    log(`export: wrote ${join(o.out, EXPORT_FILES.manifest)}`);
    return manifest;
  } finally {
    serving.dispose();
  }
}

type Serving = ReturnType<typeof loadServingModel>;

/** Rebuilds the model (with the dataset's features for a format-1 checkpoint) and exports its user tower. */
function userTower(ck: LoadedCheckpoint, config: Serving['config'], maxLen: number, log: (line: string) => void): UserTowerExport {
  const catalog = checkpointNeedsCatalog(ck) ? { itemFeatures: prepareData(config, log).dataset.itemFeatures } : undefined;
  const model = modelFromCheckpoint(ck, catalog);
  try {
    const weights = ck.manifest.files?.['weights.bin']?.sha256;
    return exportUserTower(model, { maxLen, metadata: { 'clrec.checkpoint_saved_at': ck.manifest.savedAt, ...(weights ? { 'clrec.weights_sha256': weights } : {}) } });
  } finally {
    model.dispose();
  }
}

function manifestFor(ck: LoadedCheckpoint, serving: Serving, dim: number, tower: UserTowerExport | null, files: [string, Uint8Array][]): ExportManifest {
  const names = new Set(files.map(([n]) => n));
  const stored = ck.manifest.model;
  const user = (stored?.user ?? { kind: serving.config.userEncoder, maxLen: serving.config.maxLen }) as Record<string, unknown>;
  const timeBuckets = stored?.timeBuckets ?? (serving.usesTime ? DEFAULT_TIME_BUCKETS : 0);
  const { state } = ck.manifest;
  return {
    format: 'clrec-export', version: 1, exportedAt: new Date().toISOString(),
    checkpoint: {
      dir: ck.dir, savedAt: ck.manifest.savedAt, epoch: state.epoch, globalStep: state.globalStep, dataset: ck.manifest.dataset,
      weightsSha256: ck.manifest.files?.['weights.bin']?.sha256 ?? null,
    },
    model: {
      userEncoder: String(user.kind), user, similarity: serving.similarity, dim, numItems: serving.numItems,
      itemFeatures: stored ? stored.item.features.map((f) => f.name) : [], timeBuckets,
    },
    score: serving.similarity === 'cosine'
      ? 'dot product of user_vector and an item row; both are unit length, so it is the cosine the model ranks by'
      : 'dot product of user_vector and an item row (the model ranks by raw dot product)',
    userTower: tower && {
      file: EXPORT_FILES.userTower, opset: ONNX_OPSET, irVersion: ONNX_IR_VERSION,
      inputs: tower.inputs.map(exportedTensor), outputs: tower.outputs.map(exportedTensor), maxLen: tower.maxLen,
      padding: `item_ids holds each row's latest ${tower.maxLen} clicks in chronological order as dense ids (item-ids.json index + 1), 0 = padding; left-padded as clrec packs them (latest click in the last column); right padding gives the same vectors`,
      timeBuckets: tower.timeBuckets > 0
        ? {
          input: 'time_buckets', buckets: tower.timeBuckets, unitSeconds: TIME_BUCKET_UNIT_SECONDS,
          definition: `per click, delta = queryTime - clickTime in seconds (negative = 0); bucket = min(${tower.timeBuckets - 1}, 1 + floor(log2(1 + delta / ${TIME_BUCKET_UNIT_SECONDS}))); 0 = unknown time and padding`,
        }
        : null,
      itemFeatures: stored?.item.features.length ? `baked into the graph's item table (${stored.item.features.map((f) => f.name).join(', ')}): feed item ids only` : 'none',
      normalized: tower.normalized, ops: tower.ops,
    },
    itemVectors: {
      count: serving.numItems, dim, dtype: 'float32', normalized: serving.similarity === 'cosine',
      rows: `row r is the item item-ids.json[r] (the "id" column of the Parquet file); its dense id, as fed to item_ids, is r + 1`,
      npy: names.has(EXPORT_FILES.npy) ? EXPORT_FILES.npy : null,
      ids: names.has(EXPORT_FILES.ids) ? EXPORT_FILES.ids : null,
      parquet: names.has(EXPORT_FILES.parquet) ? EXPORT_FILES.parquet : null,
    },
    files: Object.fromEntries(files.map(([n, data]) => [n, { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') }])),
  };
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}
