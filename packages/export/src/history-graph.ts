import type { ModelWeights } from './model-weights';
import type { GraphBuilder } from './onnx-graph';

/** Where positions enter the click embeddings (`positional` of the encoder options). */
export type PositionalMode = 'backward' | 'forward' | 'none';

/** Options of {@link historyEmbedding}. */
export interface HistoryGraphOptions {
  /** Graph input of the item ids, int64 `[batch, T]` (0 = padding). */
  itemIds: string;
  /** Graph input of the time buckets, int64 `[batch, T]`, or null when the model embeds no click times. */
  timeBuckets: string | null;
  /** History-side item table `[numItems + 1, d]` (features baked in, see `historyItemTable`). */
  itemTable: Float32Array;
  /** Width d. */
  dim: number;
  positional: PositionalMode;
  /** Factor on the item embeddings before positions are added (SASRec: √d). */
  itemScale: number;
  /** Parameter prefix of the encoder (`user`). */
  prefix: string;
}

/** The click embeddings and the padding masks, as graph values. */
export interface HistoryGraph {
  /** Click embeddings `[batch, T, d]`, exactly zero on padding. */
  x: string;
  /** 1 = click, 0 = padding: bool, float32 and int64 `[batch, T]`. */
  maskBool: string;
  maskFloat: string;
  maskInt: string;
  /** The float mask as `[batch, T, 1]`. */
  mask3: string;
}

/**
 * `HistoryEmbedding.embed` of `@clrec/encoders` as ONNX: x_t = s · item[y_t] + pos[p_t] (+ time[b_t]),
 * zeroed on padding. The mask is `item id > 0`; p_t is the click's backward position within its own
 * row (the number of clicks before it, from a cumulative sum of the mask) or, `forward`, its distance
 * from the row's latest click; so any padding layout (left as `encodeUsers` packs, or right) gives
 * the same click embeddings.
 */
export function historyEmbedding(g: GraphBuilder, w: ModelWeights, o: HistoryGraphOptions): HistoryGraph {
  const { dim: d, prefix } = o;
  const maskBool = g.op('Greater', [o.itemIds, g.ints([0], [])]);
  const maskInt = g.cast(maskBool, 'int64');
  const maskFloat = g.cast(maskBool, 'float');
  const mask3 = g.unsqueeze(maskFloat, [2]);
  const rows = o.itemTable.length / d;
  let x = g.op('Gather', [g.weight('history_item_table', o.itemTable, [rows, d]), o.itemIds], [{ name: 'axis', type: 'int', value: 0 }]);
  if (o.itemScale !== 1) x = g.op('Mul', [x, g.float(o.itemScale)]);
  if (o.positional !== 'none') {
    const zero = g.ints([0], []);
    const one = g.ints([1], []);
    // backward position = clicks before this one in the row (0 for the earliest); clamped at 0 on leading padding
    const before = g.op('Sub', [g.op('CumSum', [maskInt, g.ints([1], [])]), one]);
    let index = g.op('Max', [before, zero]);
    if (o.positional === 'forward') {
      const len = g.reduceSum(maskInt, [1], true);
      index = g.op('Max', [g.op('Sub', [g.op('Sub', [len, one]), index]), zero]);
    }
    const table = w.get(`${prefix}.position_embedding`);
    x = g.op('Add', [x, g.op('Gather', [g.weight(`${prefix}.position_embedding`, table.data, table.shape), index], [{ name: 'axis', type: 'int', value: 0 }])]);
  }
  if (o.timeBuckets) {
    const table = w.get(`${prefix}.time_embedding`);
    x = g.op('Add', [x, g.op('Gather', [g.weight(`${prefix}.time_embedding`, table.data, table.shape), o.timeBuckets], [{ name: 'axis', type: 'int', value: 0 }])]);
  }
  return { x: g.op('Mul', [x, mask3]), maskBool, maskFloat, maskInt, mask3 };
}
