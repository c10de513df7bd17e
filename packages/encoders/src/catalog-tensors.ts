import * as tf from '@tensorflow/tfjs';

/** One categorical item feature: a value per item id and the size of its vocabulary. */
export interface CategoricalFeature {
  /** Display name (e.g. `category`); informational. */
  name?: string;
  /** Value of each item id, length numItems + 1 (index 0 = padding item), each in [0, vocab). */
  values: Int32Array;
  /** Number of distinct values (rows of this feature's embedding table). */
  vocab: number;
}

/** Dense per-item content for the label-side MLP of a {@link FeatureItemEncoder}. */
export interface RichLabelContent {
  /** Row-major `[numItems + 1, contentDim]` (row 0 = padding item). */
  content: Float32Array;
  /** Width of each content vector. */
  contentDim: number;
}

/**
 * The constant (non-trainable) per-item tensors a feature encoder looks up: feature values as rows of
 * a packed feature table (`[numItems + 1, K]` int32, value + the feature's offset) and the content
 * matrix. An encoder owns one; its clones share it.
 */
export class CatalogTensors {
  /** Vocabulary size of each feature. */
  readonly vocabs: number[];
  /** Row offset of each feature in the packed table. */
  readonly featureOffsets: number[];
  /** Packed-table row of each item's feature k, int32 `[numItems + 1, K]`, or null without features. */
  readonly featureValues: tf.Tensor2D | null;
  /** Content vectors, float32 `[numItems + 1, contentDim]`, or null. */
  readonly content: tf.Tensor2D | null;
  /** Width of the content vectors (0 without content). */
  readonly contentDim: number;

  /** Validates and uploads the feature columns and content. */
  constructor(numItems: number, features: CategoricalFeature[], rich?: RichLabelContent) {
    const rows = numItems + 1;
    const K = features.length;
    this.vocabs = features.map((f) => f.vocab);
    this.featureOffsets = [];
    let offset = 0;
    for (const f of features) {
      this.featureOffsets.push(offset);
      offset += f.vocab;
    }
    if (K > 0) {
      const packed = new Int32Array(rows * K);
      features.forEach((f, k) => {
        const label = f.name ?? `feature ${k}`;
        if (!Number.isInteger(f.vocab) || f.vocab < 1) throw new Error(`FeatureItemEncoder: ${label}: vocab must be a positive integer, got ${f.vocab}`);
        if (f.values.length !== rows) throw new Error(`FeatureItemEncoder: ${label}: ${f.values.length} values, expected numItems + 1 = ${rows}`);
        for (let i = 0; i < rows; i++) {
          const v = f.values[i];
          if (!(v >= 0 && v < f.vocab)) throw new Error(`FeatureItemEncoder: ${label}: value ${v} of item ${i} is not in [0, ${f.vocab})`);
          packed[i * K + k] = v + this.featureOffsets[k];
        }
      });
      this.featureValues = tf.tensor2d(packed, [rows, K], 'int32');
    } else this.featureValues = null;
    if (rich) {
      const c = rich.contentDim;
      if (!Number.isInteger(c) || c < 1) throw new Error(`FeatureItemEncoder: richLabel.contentDim must be a positive integer, got ${c}`);
      if (rich.content.length !== rows * c) {
        throw new Error(`FeatureItemEncoder: richLabel.content has ${rich.content.length} values, expected (numItems + 1) x contentDim = ${rows * c}`);
      }
      this.content = tf.tensor2d(rich.content, [rows, c]);
      this.contentDim = c;
    } else {
      this.content = null;
      this.contentDim = 0;
    }
  }

  /** Frees the tensors. */
  dispose(): void {
    this.featureValues?.dispose();
    this.content?.dispose();
  }
}
