import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@clrec/spec';

/**
 * Fills a Float32Array with N(0, std²) draws from the seeded generator, so initial weights are
 * reproducible across platforms and backends (tfjs's own initialisers use a different stream).
 */
export function normalArray(rng: Rng, size: number, std: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
  return out;
}

/**
 * Glorot (Xavier) normal initialisation, std = sqrt(2 / (fanIn + fanOut)). The paper uses normal
 * rather than uniform initialisation with l2-normalised embeddings so that initial vectors spread
 * uniformly over the hypersphere (KDD App. B.2).
 * @param shape `[fanIn, fanOut]` (a 2-D weight or an embedding table `[rows, d]`)
 * @returns a trainable float32 variable of that shape
 */
export function glorotNormalVariable(rng: Rng, shape: [number, number]): tf.Variable {
  const std = Math.sqrt(2 / (shape[0] + shape[1]));
  const values = normalArray(rng, shape[0] * shape[1], std);
  return tf.tidy(() => tf.variable(tf.tensor2d(values, shape), true));
}

/** A trainable variable of normal draws with the given standard deviation. */
export function normalVariable(rng: Rng, shape: number[], std: number): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = normalArray(rng, size, std);
  return tf.tidy(() => tf.variable(tf.tensor(values, shape), true));
}

/** A trainable float32 variable of zeros (biases). */
export function zerosVariable(shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros(shape), true));
}
