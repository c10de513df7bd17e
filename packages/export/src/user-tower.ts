import type { Model } from '@clrec/training';
import { l2Normalize } from './graph-layers';
import { historyEmbedding, type PositionalMode } from './history-graph';
import { meanPoolGraph } from './mean-pool-graph';
import { historyItemTable, ModelWeights } from './model-weights';
import { type HeadAggregation, multiAttGraph } from './multi-att-graph';
import { GraphBuilder } from './onnx-graph';
import { encodeOnnxModel, type OnnxValueInfo } from './onnx-proto';
import { sasRecGraph } from './sasrec-graph';

/** User encoders (`userEncoder` of a recipe) whose f(x) can be exported as ONNX. */
export const ONNX_USER_ENCODERS = ['multiatt-wha', 'mean', 'mean-mlp', 'sasrec'] as const;

/** The default-domain ONNX opset the exported graphs use. */
export const ONNX_OPSET = 17;

/** ONNX IR version written (8: the IR of opset 17). */
export const ONNX_IR_VERSION = 8;

/** Graph input of the click histories. */
export const ITEM_IDS_INPUT = 'item_ids';

/** Graph input of the per-click time buckets (models that embed click times only). */
export const TIME_BUCKETS_INPUT = 'time_buckets';

/** Graph output: the user vectors. */
export const USER_VECTOR_OUTPUT = 'user_vector';

/** Options of {@link exportUserTower}. */
export interface UserTowerOptions {
  /** History length T of the graph input (default: the encoder's `maxLen`, what `clrec` packs to); at most the positional table's rows. */
  maxLen?: number;
  /** Written as the model's `producer_version` (e.g. the `@clrec/export` version). */
  producerVersion?: string;
  /** Extra `metadata_props` of the `.onnx` model. */
  metadata?: Record<string, string>;
}

/** An exported user tower: the `.onnx` bytes and what a caller must know to feed it. */
export interface UserTowerExport {
  /** The serialized `ModelProto`. */
  bytes: Uint8Array;
  /** The user encoder kind (`multiatt-wha`, `mean`, `mean-mlp`, `sasrec`). */
  encoder: string;
  /** Graph inputs: `item_ids` int64 `[batch, maxLen]`, and `time_buckets` for models that embed click times. */
  inputs: OnnxValueInfo[];
  /** Graph output: `user_vector` float32 `[batch, d]`. */
  outputs: OnnxValueInfo[];
  /** The distinct ONNX operator types of the graph. */
  ops: string[];
  /** History length T of the inputs. */
  maxLen: number;
  /** Vector width d. */
  dim: number;
  /** The model's similarity; with `cosine` the output is l2-normalised, with `dot` it is f(x) as trained. */
  similarity: 'cosine' | 'dot';
  /** Whether `user_vector` has unit length (true exactly when similarity is cosine). */
  normalized: boolean;
  /** Rows of the time-bucket table (0 = no `time_buckets` input). */
  timeBuckets: number;
}

/**
 * The user tower f(x) of a model as an ONNX model (opset {@link ONNX_OPSET}): input `item_ids`
 * int64 `[batch, maxLen]`, the chronological click history of each row as dense item ids (1..n),
 * 0 = padding — left-padded as `encodeUsers` packs it (latest click in the last column) or
 * right-padded, the output is the same; histories longer than maxLen keep their latest maxLen clicks.
 * Models that embed click times also take `time_buckets` int64 `[batch, maxLen]` (each click's
 * `timeBucket(queryTime − clickTime)`, 0 = unknown and on padding). Categorical item features are
 * per-item constants and are baked into the graph's item table. Output `user_vector` float32
 * `[batch, d]`: `encodeUsers`' vector, l2-normalised under cosine similarity, so its dot product
 * with the exported item vectors is the score rankings use.
 * @throws Error listing the supported encoders for any other user encoder (e.g. multi-clrec), or
 *   when `maxLen` exceeds the positional table
 */
export function exportUserTower(model: Model, options: UserTowerOptions = {}): UserTowerExport {
  const user = model.options.user as { kind: string; maxLen?: number; positional?: PositionalMode; heads?: number; blocks?: number; aggregation?: HeadAggregation };
  const kind = user.kind;
  if (!(ONNX_USER_ENCODERS as readonly string[]).includes(kind)) {
    throw new Error(`export: user encoder "${kind}" cannot be exported to ONNX; supported: ${ONNX_USER_ENCODERS.join(', ')} (multiatt-wha with any head aggregation)`);
  }
  const w = new ModelWeights(model);
  const d = model.options.dim;
  const positional: PositionalMode = user.positional ?? (kind === 'sasrec' ? 'forward' : kind === 'multiatt-wha' ? 'backward' : 'none');
  const tableRows = positional === 'none' ? Infinity : w.get('user.position_embedding').shape[0];
  const T = options.maxLen ?? user.maxLen ?? tableRows;
  if (!(Number.isInteger(T) && T >= 1 && T <= tableRows)) {
    throw new Error(`export: maxLen ${T} must be an integer in [1, ${tableRows}] (the model's positional table has ${tableRows} rows)`);
  }
  const timeBuckets = model.timeBuckets;
  const inputs: OnnxValueInfo[] = [{
    name: ITEM_IDS_INPUT, type: 'int64', shape: ['batch', T],
    doc: 'chronological click history per row as dense item ids 1..n, 0 = padding (left- or right-padded); the latest maxLen clicks',
  }];
  if (timeBuckets > 0) {
    inputs.push({
      name: TIME_BUCKETS_INPUT, type: 'int64', shape: ['batch', T],
      doc: `time bucket of each click, aligned with item_ids: 1 + floor(log2(1 + (queryTime - clickTime) / 60 s)) clamped to ${timeBuckets - 1}; 0 = unknown time and padding`,
    });
  }
  const g = new GraphBuilder();
  const h = historyEmbedding(g, w, {
    itemIds: ITEM_IDS_INPUT, timeBuckets: timeBuckets > 0 ? TIME_BUCKETS_INPUT : null, itemTable: historyItemTable(w), dim: d, positional,
    itemScale: kind === 'sasrec' ? Math.sqrt(d) : 1, prefix: 'user',
  });
  let out: string;
  let unit = false;
  if (kind === 'multiatt-wha') {
    ({ user: out, unit } = multiAttGraph(g, w, h, { prefix: 'user', heads: user.heads ?? 8, dim: d, aggregation: user.aggregation ?? 'wha' }));
  } else if (kind === 'sasrec') {
    out = sasRecGraph(g, w, h, { prefix: 'user', dim: d, heads: user.heads ?? 1, blocks: user.blocks ?? 2, length: T });
  } else {
    out = meanPoolGraph(g, w, h, { prefix: 'user', mlp: kind === 'mean-mlp' });
  }
  const normalized = model.similarity === 'cosine';
  if (normalized && !unit) out = l2Normalize(g, out);
  g.rename(out, USER_VECTOR_OUTPUT);
  const outputs: OnnxValueInfo[] = [{
    name: USER_VECTOR_OUTPUT, type: 'float', shape: ['batch', d],
    doc: normalized ? 'user vector f(x), l2-normalised (cosine similarity)' : 'user vector f(x) (dot-product similarity)',
  }];
  const bytes = encodeOnnxModel({
    graphName: `clrec_user_tower_${kind}`, nodes: g.nodes, initializers: g.initializers, inputs, outputs,
    opset: ONNX_OPSET, irVersion: ONNX_IR_VERSION, producerName: '@clrec/export', producerVersion: options.producerVersion ?? '',
    doc: `CLRec user tower (${kind}): item_ids [batch, ${T}] -> user_vector [batch, ${d}], ${model.similarity} similarity`,
    metadata: { 'clrec.encoder': kind, 'clrec.similarity': model.similarity, 'clrec.dim': String(d), 'clrec.max_len': String(T), ...options.metadata },
  });
  return { bytes, encoder: kind, inputs, outputs, ops: g.opTypes(), maxLen: T, dim: d, similarity: model.similarity, normalized, timeBuckets };
}
