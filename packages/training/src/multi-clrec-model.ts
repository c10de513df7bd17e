import type { ItemFeature } from '@clrec/datasets';
import { type CategorySource, hashedCategories, MultiIntentEncoder } from '@clrec/routing';
import { ConfigError } from './config-error';
import type { UserEncoderContext } from './user-encoders';

/** Item features `intentCategory: auto` prefers, in order, before falling back to `item`. */
const AUTO_CATEGORY_FEATURES = ['genre', 'category'];

/**
 * Resolves `intentCategory` (Multi-CLRec's c_t, KDD Eq. 5–7) against the dataset's item features:
 * - `auto`: the `genre` feature (MovieLens), else `category` (the simulator), else the first categorical
 *   feature (CSV columns), else `item` — data without categories (Amazon Beauty) routes by item embedding;
 * - `item`: c_t = g(y_t), every item its own category (the prototypes cluster item embeddings);
 * - `hash:N`: item ids hashed into N pseudo-categories with a learned table;
 * - a feature name: that categorical item feature with a learned table.
 * @param numItems dense item ids are 1..numItems
 */
export function resolveIntentCategories(spec: string, features: ItemFeature[], numItems: number): CategorySource {
  const s = spec.trim();
  const names = features.map((f) => f.name);
  const table = (f: ItemFeature): CategorySource => {
    if (f.values.length !== numItems + 1) throw new ConfigError(`intentCategory: feature "${f.name}" has ${f.values.length} values, expected ${numItems + 1}`);
    return { kind: 'table', values: f.values, cardinality: f.cardinality, name: f.name };
  };
  if (s === 'auto') {
    const f = AUTO_CATEGORY_FEATURES.map((n) => features.find((x) => x.name === n)).find(Boolean) ?? features[0];
    return f ? table(f) : { kind: 'item' };
  }
  if (s === 'item') return { kind: 'item' };
  const hash = /^hash:(\d+)$/.exec(s);
  if (hash) {
    const n = Number(hash[1]);
    if (n < 1) throw new ConfigError(`intentCategory "${s}": the bucket count must be >= 1`);
    return hashedCategories(numItems, n);
  }
  const f = features.find((x) => x.name === s);
  if (!f) {
    throw new ConfigError(`intentCategory "${s}": the dataset has no item feature "${s}"; valid: auto, item, hash:N${names.length ? `, ${names.join(', ')}` : ''}`);
  }
  return table(f);
}

/** A short description of a resolved category source, for logs. */
export function describeCategories(c: CategorySource): string {
  return c.kind === 'item' ? 'item (c = g(y), no categories)' : `${c.name ?? 'table'} (${c.cardinality} values)`;
}

/** Options of the `multi-clrec` user encoder (KDD §3.2). */
export interface MultiClrecOptions {
  kind: 'multi-clrec';
  /** Most recent clicks kept per history. */
  maxLen: number;
  positional: 'backward' | 'forward' | 'none';
  /** Intention prototypes H (= secondary queues). */
  intentions: number;
  /** Hidden width of the importance and intention MLPs. */
  hidden: number;
  /** z_h = unit(z'_h) + MLP3(...) with a zero-initialised output layer (true) or the paper's literal MLP3 (false). */
  residual: boolean;
  /** The category c routed to the prototypes: `auto`, `item`, `hash:N` or an item feature name (see {@link resolveIntentCategories}). */
  intentCategory: string;
}

/**
 * The `multi-clrec` user encoder (KDD §3.2): `intentions` prototypes over the categories named by
 * `intentCategory`, hidden width `hidden`, the residual or literal intention MLP, routing temperature
 * 0.07, and the history time-gap buckets of the model (when the data has timestamps) as MLP₂'s
 * wall-clock gap input.
 */
export function buildMultiClrecEncoder(o: MultiClrecOptions, c: UserEncoderContext): MultiIntentEncoder {
  return new MultiIntentEncoder({
    itemEncoder: c.itemEncoder, intentions: o.intentions, hidden: o.hidden, timeBuckets: c.timeBuckets, residual: o.residual,
    categories: resolveIntentCategories(o.intentCategory, c.itemFeatures, c.numItems), rng: c.rng, name: c.prefix,
  });
}
