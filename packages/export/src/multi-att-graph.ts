import { dense, l2Normalize } from './graph-layers';
import type { HistoryGraph } from './history-graph';
import type { ModelWeights } from './model-weights';
import type { GraphBuilder } from './onnx-graph';

/** Head aggregations of the MultiAtt encoder (`headAggregation`). */
export type HeadAggregation = 'wha' | 'mean' | 'mean-mlp' | 'concat-mlp';

/**
 * `MultiAttWhaEncoder.encode` of `@clrec/encoders` as ONNX, from the click embeddings x `[B, T, d]`:
 * scores S = tanh(x W1 + b1) W2 + b2 `[B, T, H]`, −1e9 on padding; att = softmax over T per head;
 * z_h = l2norm(Σ_t att[t,h] x_t) `[B, H, d]`; then `wha`: m = mean_h z_h, α = softmax_h(z_hᵀ A m),
 * l2norm(Σ_h α_h z_h); `mean`: m; `mean-mlp` / `concat-mlp`: a ReLU MLP on m / on the concatenated heads.
 * Returns the user vector `[B, d]` and whether it is unit-length by construction.
 */
export function multiAttGraph(
  g: GraphBuilder, w: ModelWeights, h: HistoryGraph, o: { prefix: string; heads: number; dim: number; aggregation: HeadAggregation },
): { user: string; unit: boolean } {
  const { prefix: p, heads: H, dim: d } = o;
  const hidden = g.op('Tanh', [dense(g, w, `${p}.att_mlp`, h.x, 'w1', 'b1')]);
  const raw = dense(g, w, `${p}.att_mlp`, hidden, 'w2', 'b2'); // [B,T,H]
  const scores = g.op('Where', [g.unsqueeze(h.maskBool, [2]), raw, g.float(-1e9)]);
  const att = g.softmax(g.transpose(scores, [0, 2, 1])); // [B,H,T]
  const z = l2Normalize(g, g.op('MatMul', [att, h.x])); // [B,H,d]
  const m = g.reduce('ReduceMean', z, [1], false); // [B,d]
  if (o.aggregation === 'wha') {
    const a = w.get(`${p}.wha.A`, [d, d]);
    const am = g.op('Gemm', [m, g.weight(`${p}.wha.A`, a.data, a.shape)], [{ name: 'transB', type: 'int', value: 1 }]); // m Aᵀ
    const alpha = g.softmax(g.reduceSum(g.op('Mul', [z, g.unsqueeze(am, [1])]), [2], false)); // [B,H]
    const u = g.reduceSum(g.op('Mul', [z, g.unsqueeze(alpha, [2])]), [1], false);
    return { user: l2Normalize(g, u), unit: true };
  }
  if (o.aggregation === 'mean') return { user: m, unit: false };
  const input = o.aggregation === 'concat-mlp' ? g.reshape(z, [0, H * d]) : m;
  const l1 = g.op('Relu', [dense(g, w, `${p}.agg_mlp.l1`, input)]);
  return { user: dense(g, w, `${p}.agg_mlp.l2`, l1), unit: false };
}
