import type { ModelWeights } from './model-weights';
import type { GraphBuilder } from './onnx-graph';

/**
 * `Dense` of `@clrec/encoders`: x W (+ b) along the last axis, weights `<prefix>.<wName>` /
 * `<prefix>.<bName>` (`w` / `b` by default; the bias is left out when the model has none).
 */
export function dense(g: GraphBuilder, w: ModelWeights, prefix: string, x: string, wName = 'w', bName = 'b'): string {
  const kernel = w.get(`${prefix}.${wName}`);
  const y = g.op('MatMul', [x, g.weight(`${prefix}.${wName}`, kernel.data, kernel.shape)]);
  if (!w.has(`${prefix}.${bName}`)) return y;
  const b = w.get(`${prefix}.${bName}`);
  return g.op('Add', [y, g.weight(`${prefix}.${bName}`, b.data, b.shape)]);
}

/** `l2Normalize` of `@clrec/core` on the last axis: x · 1/√max(Σx², 1e-12). */
export function l2Normalize(g: GraphBuilder, x: string): string {
  const sq = g.reduceSum(g.op('Mul', [x, x]), [-1], true);
  return g.op('Mul', [x, g.op('Reciprocal', [g.op('Sqrt', [g.op('Max', [sq, g.float(1e-12)])])])]);
}

/**
 * `LayerNorm` of `@clrec/encoders`: (x − mean) · 1/√(var + ε) · γ + β over the last axis (population
 * variance, ε = 1e-8), weights `<prefix>.gamma` / `<prefix>.beta`. Spelled out in primitive operators
 * (onnxruntime fuses them into its LayerNormalization kernel).
 */
export function layerNorm(g: GraphBuilder, w: ModelWeights, prefix: string, x: string, epsilon = 1e-8): string {
  const mean = g.reduce('ReduceMean', x, [-1], true);
  const centred = g.op('Sub', [x, mean]);
  const variance = g.reduce('ReduceMean', g.op('Mul', [centred, centred]), [-1], true);
  const inv = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [variance, g.float(epsilon)])])]);
  const gamma = w.get(`${prefix}.gamma`);
  const beta = w.get(`${prefix}.beta`);
  const scaled = g.op('Mul', [g.op('Mul', [centred, inv]), g.weight(`${prefix}.gamma`, gamma.data, gamma.shape)]);
  return g.op('Add', [scaled, g.weight(`${prefix}.beta`, beta.data, beta.shape)]);
}
