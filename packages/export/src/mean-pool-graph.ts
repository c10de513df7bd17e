import { dense } from './graph-layers';
import type { HistoryGraph } from './history-graph';
import type { ModelWeights } from './model-weights';
import type { GraphBuilder } from './onnx-graph';

/**
 * `MeanPoolEncoder.encode` of `@clrec/encoders` as ONNX: Σ_t x_t / max(clicks, 1), then (`mean-mlp`)
 * Dense → ReLU → Dense with weights `<prefix>.mean_mlp.l{1,2}`. Returns the user vector `[B, d]`.
 */
export function meanPoolGraph(g: GraphBuilder, w: ModelWeights, h: HistoryGraph, o: { prefix: string; mlp: boolean }): string {
  const count = g.op('Max', [g.reduceSum(h.maskFloat, [1], true), g.float(1)]); // [B,1]
  const mean = g.op('Div', [g.reduceSum(h.x, [1], false), count]);
  if (!o.mlp) return mean;
  return dense(g, w, `${o.prefix}.mean_mlp.l2`, g.op('Relu', [dense(g, w, `${o.prefix}.mean_mlp.l1`, mean)]));
}
