import type { QueueState } from '@clrec/core';
import type { FifoRing } from './fifo-ring';

/** Throws when a batch cannot fit a queue (its positives must all be among the keys). */
export function checkBatch(name: string, batch: number, capacity: number): void {
  if (batch > capacity) throw new Error(`${name} queue: batch size ${batch} exceeds the queue capacity ${capacity}; raise the queue size`);
}

/** Refills a ring from a checkpointed state, validating it. */
export function restoreRing(ring: FifoRing, name: string, state: QueueState): void {
  if (!state || !Array.isArray(state.items)) throw new Error(`${name} queue: checkpoint state has no items array`);
  if (state.name !== name) throw new Error(`${name} queue: checkpoint holds a "${state.name}" queue`);
  ring.clear();
  if (ring.dim > 0) {
    if (!Array.isArray(state.vectors) || state.dim !== ring.dim || state.vectors.length !== state.items.length * ring.dim) {
      throw new Error(`${name} queue: checkpoint vectors do not match ${state.items.length} items of dim ${ring.dim}`);
    }
    ring.push(state.items, state.vectors);
  } else ring.push(state.items);
}

/** Concatenates two Float32Arrays. */
export function concatF32(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Concatenates two Int32Arrays. */
export function concatI32(a: ArrayLike<number>, b: ArrayLike<number>): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
