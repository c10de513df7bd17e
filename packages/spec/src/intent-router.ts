import type { SpecificationVersion } from './specification-version';

/**
 * Intention-routing plugin, the Router (Multi-CLRec, KDD §3.2): assigns each item to one of H
 * intentions, e.g. h = argmax_h cos(μ_h, c_y) over learned prototypes μ_h and the item's category
 * embedding c_y (Eq. 7). A multi-intent negative queue uses it to send an item dequeued from the main
 * queue to the secondary queue of its intention, and to pick the secondary queue of each row's target
 * (h⁺).
 */
export interface IntentRouter {
  /** Plugin specification version this router implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Number of intentions H (secondary queues). */
  readonly intentions: number;
  /**
   * The intention of each item with the current weights, host-side; call outside a gradient scope.
   * @param itemIds dense item ids (≥ 1)
   * @returns int32, one intention index in [0, H) per id
   */
  route(itemIds: Int32Array): Int32Array;
}
