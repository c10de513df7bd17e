import type { ItemEncoder } from './item-encoder';
import type { NamedVariable } from './named-variable';
import type { SpecificationVersion } from './specification-version';
import type { UserEncoder } from './user-encoder';

/**
 * A CLRec two-tower model: the user tower f(x) over click histories and the item tower g(y) over item
 * ids `1..numItems` (0 = padding), scored by `similarity` (cosine / τ as CLRec trains, or a dot
 * product). What a training loop fits, a checkpoint stores (`params`, by name) and a server ranks
 * with (`user.encode` against every `item.encode`).
 */
export interface TwoTowerModel {
  /** Plugin specification version this model implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Label-side item encoder g(y), with the catalog size it covers (ids `1..numItems`). */
  item: ItemEncoder & { readonly numItems: number };
  /** User (sequence) encoder f(x). */
  user: UserEncoder;
  /** How user and item vectors are compared: cosine (l2-normalised) or raw dot product. */
  similarity: 'cosine' | 'dot';
  /** Every trainable parameter of both towers, each once, with a stable unique name. */
  params: NamedVariable[];
  /** Frees every tensor of the model (the variables in `params` included). */
  dispose(): void;
}
