import * as tf from '@tensorflow/tfjs';
import type { Model } from '@clrec/training';

/** A parameter's values, read back from the model. */
export interface WeightValues {
  data: Float32Array;
  shape: number[];
}

/** A model's parameters by checkpoint name (e.g. `user.att_mlp.w1`), read on demand. */
export class ModelWeights {
  private readonly byName: Map<string, Model['params'][number]>;

  /** Indexes the model's parameters by name. */
  constructor(readonly model: Model) {
    this.byName = new Map(model.params.map((p) => [p.name, p]));
  }

  /** Whether the model has a parameter of this name. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /**
   * The values of parameter `name`.
   * @throws Error naming the parameter when the model has none of that name or another shape than `shape`
   */
  get(name: string, shape?: number[]): WeightValues {
    const p = this.byName.get(name);
    if (!p) throw new Error(`export: the model has no parameter "${name}" (has: ${[...this.byName.keys()].join(', ')})`);
    const actual = [...p.variable.shape];
    if (shape && actual.join('x') !== shape.join('x')) throw new Error(`export: parameter "${name}" has shape [${actual}], expected [${shape}]`);
    return { data: p.variable.dataSync() as Float32Array, shape: actual };
  }
}

/**
 * The history-side item table `[numItems + 1, d]` (row 0 = padding): the id embedding, plus, for a
 * model with categorical item features, their projected embeddings (`FeatureItemEncoder.encodeHistory`:
 * id_emb[y] + concat_k(feat_emb[offset_k + f_k(y)]) · W), computed once per item so an exported
 * user tower needs item ids only. Computed with the same tfjs ops as the model, in blocks.
 */
export function historyItemTable(weights: ModelWeights): Float32Array {
  const { numItems, dim: d } = weights.model.options;
  const id = weights.get('item.id_embedding', [numItems + 1, d]).data;
  const features = weights.model.options.item.features;
  if (features.length === 0) return id;
  const K = features.length;
  const rows = features.reduce((s, f) => s + f.cardinality, 0);
  const feat = weights.get('item.feature_embeddings', [rows, d]).data;
  const proj = weights.get('item.feature_projection', [K * d, d]).data;
  const offsets: number[] = [];
  features.reduce((o, f) => (offsets.push(o), o + f.cardinality), 0);
  const out = new Float32Array((numItems + 1) * d);
  const block = 16_384;
  const featT = tf.tensor2d(feat, [rows, d]);
  const projT = tf.tensor2d(proj, [K * d, d]);
  try {
    for (let start = 0; start <= numItems; start += block) {
      const n = Math.min(block, numItems + 1 - start);
      const packed = new Int32Array(n * K);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < K; k++) packed[i * K + k] = features[k].values[start + i] + offsets[k];
      }
      const t = tf.tidy(() => {
        const cat = tf.reshape(tf.gather(featT, tf.tensor2d(packed, [n, K], 'int32')), [n, K * d]);
        return tf.add(tf.tensor2d(id.subarray(start * d, (start + n) * d), [n, d]), tf.matMul(cat, projT));
      });
      out.set(t.dataSync() as Float32Array, start * d);
      t.dispose();
    }
  } finally {
    featT.dispose();
    projT.dispose();
  }
  return out;
}
