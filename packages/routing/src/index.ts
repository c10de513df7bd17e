/**
 * @packageDocumentation
 * Multi-CLRec (KDD §3.2): a user encoder with per-click importance, H intention prototypes with cosine
 * routing, intention vectors and straight-through selection of one of them; the three auxiliary losses
 * that keep the routing interpretable; and the main + H secondary negative queues that move an item
 * dequeued from the main queue to the secondary queue of its intention.
 */
export { Mlp } from './mlp';
export { ROUTING_TEMPERATURE, routingLogits, rowCosineLogits } from './cosine-routing';
export { argmaxOneHot, straightThroughArgmax } from './straight-through';
export { CategoryEmbedding, hashedCategories } from './intent-categories';
export type { CategorySource } from './intent-categories';
export { MultiIntentEncoder } from './multi-intent-encoder';
export type { IntentBatch, IntentForward, MultiIntentEncoderOptions } from './multi-intent-encoder';
export { BALANCE_EPSILON, balanceLoss, intentionMatchLoss, routingPolarityLoss } from './aux-losses';
export { multiIntentAuxLosses } from './aux-objective';
export type { AuxLosses, AuxLossOptions } from './aux-objective';
export { MultiIntentQueue } from './multi-intent-queue';
export type { MultiIntentQueueOptions } from './multi-intent-queue';
