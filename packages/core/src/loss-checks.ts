import type { LossInput } from '@clrec/spec';

/**
 * Validates the static shapes of a {@link LossInput} shared by the keyed losses (softmax family, shared
 * negative sampling): users `[B, d]`, keys `[N, d]`, positives `[B]`, and — when present — logitMask
 * `[B, N]` or `[1, N]` (the same mask for every row), logQ `[N]` and exampleWeights `[B]`. Shape errors in tfjs surface deep inside a kernel
 * with an unhelpful message; this fails early, naming the loss and the offending input.
 * Only shapes are read (no data download), so it is cheap to call on every step.
 * @param loss the loss's registry name, used in the error message
 * @param input the batch inputs
 * @param maskKeys set to false when `logitMask` is not `[B, N]` for this loss (negative sampling)
 */
export function checkKeyedInput(loss: string, input: LossInput, maskKeys = true): void {
  const { users, keys, positives, logitMask, logQ, exampleWeights } = input;
  const [b, d] = users.shape;
  const [n, dk] = keys.shape;
  if (d !== dk) throw new Error(`${loss}: users have d=${d} but keys have d=${dk}`);
  if (positives.shape[0] !== b) throw new Error(`${loss}: positives has length ${positives.shape[0]}, expected batch ${b}`);
  if (maskKeys && logitMask && ((logitMask.shape[0] !== b && logitMask.shape[0] !== 1) || logitMask.shape[1] !== n)) {
    throw new Error(`${loss}: logitMask has shape [${logitMask.shape}], expected [${b},${n}] or [1,${n}] (broadcast to every row)`);
  }
  if (logQ && (logQ.rank !== 1 || logQ.shape[0] !== n)) {
    throw new Error(`${loss}: logQ has shape [${logQ.shape}], expected [${n}] (one value per key)`);
  }
  if (exampleWeights && (exampleWeights.rank !== 1 || exampleWeights.shape[0] !== b)) {
    throw new Error(`${loss}: exampleWeights has shape [${exampleWeights.shape}], expected [${b}]`);
  }
}

/** Throws a clear error when a temperature is not a positive number. */
export function checkTemperature(loss: string, temperature: number): void {
  if (!(temperature > 0)) throw new Error(`${loss}: temperature must be > 0, got ${temperature}`);
}
