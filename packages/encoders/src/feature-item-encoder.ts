import * as tf from '@tensorflow/tfjs';
import { glorotNormalVariable, type ItemEncoder, type NamedVariable, normalArray, type Rng, zerosVariable, embeddingLookup } from '@clrec/core';
import { distinctIds } from './distinct-ids';
import { CatalogTensors, type CategoricalFeature, type RichLabelContent } from './catalog-tensors';

/** Options of {@link FeatureItemEncoder}. */
export interface FeatureItemEncoderOptions {
  /** Number of real items; ids are 1..numItems, 0 is padding (tables have numItems + 1 rows). */
  numItems: number;
  /** Output dimension d. */
  dim: number;
  /** Seeded generator for the initial weights. */
  rng: Rng;
  /** Categorical item features f_k(y) (may be empty: then g(y) is the id embedding alone). */
  features?: CategoricalFeature[];
  /** Dense per-item content encoded by an MLP on the label side only (e.g. a text or image embedding). */
  richLabel?: RichLabelContent;
  /** Hidden width of the content MLP (default 256). */
  contentHidden?: number;
  /** Parameter name prefix (checkpoint key), default `item`. */
  name?: string;
  /**
   * Encode each distinct id once per call (then gather the rows back): identical outputs and
   * gradients, less work when ids repeat (popular items in histories and queues). Reads the ids on the
   * host, so leave it off on GPU backends. Default false.
   */
  dedupe?: boolean;
}

interface Weights {
  id: tf.Variable;
  feat: tf.Variable | null;
  proj: tf.Variable | null;
  mlp: { w1: tf.Variable; b1: tf.Variable; w2: tf.Variable; b2: tf.Variable } | null;
}

/**
 * Item encoder with categorical features and optional rich label-side content:
 * g(y) = id_emb[y] + W · concat_k(feat_emb_k[f_k(y)]) (W: K·d → d, no bias), plus, on the label side
 * only, MLP(content[y]) with MLP = Linear(contentDim → 256), ReLU, Linear(256 → d).
 *
 * {@link FeatureItemEncoder.encode} is the label side (keys, candidates, evaluation);
 * {@link FeatureItemEncoder.encodeHistory} is the history side (id + categorical features, no content
 * MLP), and {@link FeatureItemEncoder.historyEncoder} wraps it as an `ItemEncoder` for user encoders.
 * The K feature tables are stored as one variable `[Σ vocab_k, d]` (feature k's rows start at
 * `featureOffsets[k]`), so one gather yields the concatenation; each block is Glorot-normal for its
 * own vocabulary, like K separate tables.
 */
export class FeatureItemEncoder implements ItemEncoder {
  /** Plugin specification version this encoder implements. */
  readonly specificationVersion = 'v1' as const;
  readonly dim: number;
  readonly numItems: number;
  /** Row offset of each feature's block in the packed feature table. */
  readonly featureOffsets: number[];
  /** Width of the content vectors (0 without a rich label branch). */
  readonly contentDim: number;
  /** Whether each call encodes distinct ids once (see {@link FeatureItemEncoderOptions.dedupe}). */
  readonly dedupe: boolean;
  private readonly prefix: string;
  private readonly catalog: CatalogTensors;
  private readonly w: Weights;
  private readonly ownsCatalog: boolean;
  private disposed = false;

  /** Set by {@link FeatureItemEncoder.clone} for the one constructor call it makes. */
  private static cloneSource: { catalog: CatalogTensors; weights: Weights } | null = null;

  /** Creates all weights with seeded Glorot-normal initialisation (biases zero). */
  constructor(options: FeatureItemEncoderOptions) {
    const shared = FeatureItemEncoder.cloneSource;
    FeatureItemEncoder.cloneSource = null;
    const { numItems, dim, rng } = options;
    if (!(numItems >= 1) || !(dim >= 1)) throw new Error(`FeatureItemEncoder: numItems and dim must be >= 1 (got ${numItems}, ${dim})`);
    this.numItems = numItems;
    this.dim = dim;
    this.prefix = options.name ?? 'item';
    this.dedupe = options.dedupe ?? false;
    this.catalog = shared ? shared.catalog : new CatalogTensors(numItems, options.features ?? [], options.richLabel);
    this.ownsCatalog = !shared;
    this.featureOffsets = this.catalog.featureOffsets;
    this.contentDim = this.catalog.contentDim;
    this.w = shared ? copyWeights(shared.weights) : this.init(rng, options.contentHidden ?? 256);
  }

  private init(rng: Rng, hidden: number): Weights {
    const d = this.dim;
    const { vocabs } = this.catalog;
    const K = vocabs.length;
    const id = glorotNormalVariable(rng, [this.numItems + 1, d]);
    let feat: tf.Variable | null = null;
    let proj: tf.Variable | null = null;
    if (K > 0) {
      const rows = vocabs.reduce((a, b) => a + b, 0);
      const values = new Float32Array(rows * d);
      vocabs.forEach((v, k) => values.set(normalArray(rng, v * d, Math.sqrt(2 / (v + d))), this.featureOffsets[k] * d));
      feat = tf.tidy(() => tf.variable(tf.tensor2d(values, [rows, d]), true));
      proj = glorotNormalVariable(rng, [K * d, d]);
    }
    const c = this.contentDim;
    const mlp = c > 0
      ? { w1: glorotNormalVariable(rng, [c, hidden]), b1: zerosVariable([hidden]), w2: glorotNormalVariable(rng, [hidden, d]), b2: zerosVariable([d]) }
      : null;
    return { id, feat, proj, mlp };
  }

  /** Number of categorical features K. */
  get numFeatures(): number {
    return this.catalog.vocabs.length;
  }

  /** Label side: id + categorical features (+ content MLP when configured). int32 ids `[...S]` → `[...S, d]`. */
  encode(itemIds: tf.Tensor): tf.Tensor {
    return this.dedupe ? this.viaUnique(itemIds, (ids) => this.label(ids)) : this.label(itemIds);
  }

  /** History side: id embedding + projected categorical features, no content MLP. `[...S]` → `[...S, d]`. */
  encodeHistory(itemIds: tf.Tensor): tf.Tensor {
    return this.dedupe ? this.viaUnique(itemIds, (ids) => this.base(ids)) : this.base(itemIds);
  }

  /** Applies `f` to the distinct ids only and gathers the rows back into the shape of `ids`. */
  private viaUnique(ids: tf.Tensor, f: (distinct: tf.Tensor1D) => tf.Tensor): tf.Tensor {
    const { values, inverse } = distinctIds(ids.dataSync());
    return tf.tidy(() => {
      const rows = f(tf.tensor1d(values, 'int32'));
      return tf.reshape(tf.gather(rows, tf.tensor(inverse, ids.shape, 'int32')), [...ids.shape, this.dim]);
    });
  }

  private label(itemIds: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const base = this.base(itemIds);
      const { mlp } = this.w;
      const content = this.catalog.content;
      if (!mlp || !content) return base;
      const x = tf.gather(content, tf.reshape(itemIds, [-1]));
      const h = tf.relu(tf.add(tf.matMul(x, mlp.w1), mlp.b1));
      const out = tf.add(tf.matMul(h, mlp.w2), mlp.b2);
      return tf.add(base, tf.reshape(out, base.shape));
    });
  }

  private base(itemIds: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const x = this.lookupId(itemIds);
      const { proj } = this.w;
      const values = this.catalog.featureValues;
      if (!proj || !values) return x;
      const K = this.numFeatures;
      const rows = tf.gather(values, tf.reshape(itemIds, [-1])); // [M, K] packed-table rows
      const cat = tf.reshape(this.lookupFeatures(rows), [-1, K * this.dim]); // [M, K·d]
      return tf.add(x, tf.reshape(tf.matMul(cat, proj), x.shape));
    });
  }

  /** The id-table lookup (the one place `<prefix>.id_embedding` is read): ids `[...S]` → `[...S, d]`. */
  lookupId(itemIds: tf.Tensor): tf.Tensor {
    return embeddingLookup(this.w.id, itemIds);
  }

  /**
   * The feature-table lookup (the one place `<prefix>.feature_embeddings` is read): packed-table rows
   * `[...S]` (value + the feature's offset) → `[...S, d]`.
   */
  lookupFeatures(rows: tf.Tensor): tf.Tensor {
    if (!this.w.feat) throw new Error('FeatureItemEncoder: no categorical features, so no feature table to look up');
    return embeddingLookup(this.w.feat, rows);
  }

  /**
   * An `ItemEncoder` view that encodes the id embedding only (same variables): the label side of a
   * model whose histories use features but whose keys do not (KDD Table 6 "negatives w/o features").
   */
  idEncoder(): ItemEncoder {
    return { specificationVersion: 'v1', dim: this.dim, encode: (ids) => this.lookupId(ids), variables: () => this.variables() };
  }

  /** An `ItemEncoder` view whose `encode` is {@link FeatureItemEncoder.encodeHistory} (same variables). */
  historyEncoder(): ItemEncoder {
    return { specificationVersion: 'v1', dim: this.dim, encode: (ids) => this.encodeHistory(ids), variables: () => this.variables() };
  }

  /**
   * Trainable variables with stable names: `<prefix>.id_embedding`, `<prefix>.feature_embeddings`,
   * `<prefix>.feature_projection`, `<prefix>.content_mlp.{w1,b1,w2,b2}` (those that exist).
   */
  variables(): NamedVariable[] {
    const p = this.prefix;
    const { id, feat, proj, mlp } = this.w;
    const out: NamedVariable[] = [{ name: `${p}.id_embedding`, variable: id, sparse: true }];
    if (feat && proj) out.push({ name: `${p}.feature_embeddings`, variable: feat, sparse: true }, { name: `${p}.feature_projection`, variable: proj });
    if (mlp) {
      for (const k of ['w1', 'b1', 'w2', 'b2'] as const) out.push({ name: `${p}.content_mlp.${k}`, variable: mlp[k] });
    }
    return out;
  }

  /**
   * A copy with its own variables holding the current weights, named with `prefix` (e.g. a MoCo key
   * encoder). It shares this encoder's constant feature and content tensors, which this encoder owns:
   * use the clone only while this one is alive; freeing the clone's variables frees all it owns.
   */
  clone(prefix: string): FeatureItemEncoder {
    FeatureItemEncoder.cloneSource = { catalog: this.catalog, weights: this.w };
    return new FeatureItemEncoder({ numItems: this.numItems, dim: this.dim, rng: null as unknown as Rng, name: prefix, dedupe: this.dedupe });
  }

  /** Frees the variables and, unless this is a clone, the feature and content tensors. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.variables()) v.variable.dispose();
    if (this.ownsCatalog) this.catalog.dispose();
  }
}

function copyWeights(w: Weights): Weights {
  const c = (v: tf.Variable): tf.Variable => tf.tidy(() => tf.variable(tf.clone(v), true));
  return {
    id: c(w.id),
    feat: w.feat && c(w.feat),
    proj: w.proj && c(w.proj),
    mlp: w.mlp && { w1: c(w.mlp.w1), b1: c(w.mlp.b1), w2: c(w.mlp.w2), b2: c(w.mlp.b2) },
  };
}
