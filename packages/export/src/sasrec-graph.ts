import { dense, layerNorm } from './graph-layers';
import type { HistoryGraph } from './history-graph';
import type { ModelWeights } from './model-weights';
import type { GraphBuilder } from './onnx-graph';

/** Options of {@link sasRecGraph}. */
export interface SasRecGraphOptions {
  prefix: string;
  dim: number;
  heads: number;
  blocks: number;
  /** Fixed history length T of the graph input. */
  length: number;
}

/**
 * `SasRecEncoder.encode` of `@clrec/encoders` in inference mode (no dropout) as ONNX, from the click
 * embeddings x = √d·item + pos `[B, T, d]`: per block, Q = LN₁(x), causal multi-head attention
 * softmax(Q Wq (x Wk)ᵀ/√d_h + mask) x Wv where the mask hides later positions and padding (−1e9), then
 * x = LN₂(Q + attention), x = (x + FFN(x)) · mask with FFN = Dense → ReLU → Dense; a final layer norm.
 * The user vector is the state at each row's latest click (the last column when left-padded; the
 * last real position in general), zero for an empty row.
 */
export function sasRecGraph(g: GraphBuilder, w: ModelWeights, h: HistoryGraph, o: SasRecGraphOptions): string {
  const { prefix: p, dim: d, heads: H, length: T } = o;
  const dh = d / H;
  const causal = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) causal[i * T + j] = 1;
  // additive mask [B,1,T,T]: key j visible to query i iff j <= i and j is a real click
  const visible = g.op('Mul', [g.weight('causal_mask', causal, [1, 1, T, T]), g.unsqueeze(h.maskFloat, [1, 2])]);
  const attMask = g.op('Mul', [g.op('Sub', [visible, g.float(1)]), g.float(1e9)]);
  const split = (x: string, perm: number[]) => g.transpose(g.reshape(x, [0, 0, H, dh]), perm);
  let x = h.x;
  for (let b = 0; b < o.blocks; b++) {
    const k = `${p}.block${b}`;
    const q = layerNorm(g, w, `${k}.ln_attention`, x);
    const qh = split(dense(g, w, `${k}.attention.query`, q), [0, 2, 1, 3]); // [B,H,T,dh]
    const khT = split(dense(g, w, `${k}.attention.key`, x), [0, 2, 3, 1]); // [B,H,dh,T]
    const vh = split(dense(g, w, `${k}.attention.value`, x), [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Div', [g.op('MatMul', [qh, khT]), g.float(Math.sqrt(dh))]), attMask]);
    const ctx = g.reshape(g.transpose(g.op('MatMul', [g.softmax(scores), vh]), [0, 2, 1, 3]), [0, 0, d]);
    x = layerNorm(g, w, `${k}.ln_feed_forward`, g.op('Add', [q, ctx]));
    const ff = dense(g, w, `${k}.feed_forward.l2`, g.op('Relu', [dense(g, w, `${k}.feed_forward.l1`, x)]));
    x = g.op('Mul', [g.op('Add', [x, ff]), h.mask3]);
  }
  const states = g.op('Mul', [layerNorm(g, w, `${p}.ln_final`, x), h.mask3]); // [B,T,d]
  // one-hot of each row's latest click: column c (1-based) with the largest c · mask
  const columns = g.ints(Array.from({ length: T }, (_, i) => i + 1), [1, T]);
  const latest = g.reduce('ReduceMax', g.op('Mul', [h.maskInt, columns]), [1], true); // [B,1], 0 = empty row
  const pick = g.cast(g.op('Equal', [columns, latest]), 'float');
  return g.reduceSum(g.op('Mul', [states, g.unsqueeze(pick, [2])]), [1], false);
}
