import * as tf from '@tensorflow/tfjs';
import { glorotNormalVariable, type NamedVariable, type Rng, zerosVariable } from '@clrec/core';

/** A dense layer y = x W + b (Glorot-normal W, zero b), applied along the last axis of any-rank input. */
export class Dense {
  /** Weight `[inDim, outDim]`. */
  readonly w: tf.Variable;
  /** Bias `[outDim]`, or null for a layer without bias. */
  readonly b: tf.Variable | null;

  /** Creates the weights; `name` prefixes the variable names (`<name>.w`, `<name>.b`). */
  constructor(rng: Rng, readonly inDim: number, readonly outDim: number, readonly name: string, bias = true) {
    this.w = glorotNormalVariable(rng, [inDim, outDim]);
    this.b = bias ? zerosVariable([outDim]) : null;
  }

  /** `[..., inDim]` → `[..., outDim]`. Call inside a tidy. */
  apply(x: tf.Tensor): tf.Tensor {
    const shape = x.shape;
    const flat = tf.reshape(x, [-1, this.inDim]) as tf.Tensor2D;
    let y: tf.Tensor = tf.matMul(flat, this.w as tf.Tensor2D);
    if (this.b) y = tf.add(y, this.b);
    return tf.reshape(y, [...shape.slice(0, -1), this.outDim]);
  }

  /** `<name>.w` and (with bias) `<name>.b`. */
  variables(): NamedVariable[] {
    const out: NamedVariable[] = [{ name: `${this.name}.w`, variable: this.w }];
    if (this.b) out.push({ name: `${this.name}.b`, variable: this.b });
    return out;
  }
}

/** Layer normalisation over the last axis with a learned gain (init 1) and bias (init 0). */
export class LayerNorm {
  /** Gain `[d]`. */
  readonly gamma: tf.Variable;
  /** Bias `[d]`. */
  readonly beta: tf.Variable;

  /**
   * @param dim width d of the normalised axis
   * @param name variable prefix (`<name>.gamma`, `<name>.beta`)
   * @param epsilon variance floor (SASRec's 1e-8)
   */
  constructor(readonly dim: number, readonly name: string, readonly epsilon = 1e-8) {
    this.gamma = tf.tidy(() => tf.variable(tf.ones([dim]), true));
    this.beta = zerosVariable([dim]);
  }

  /** (x − mean) / sqrt(var + ε) · γ + β per row of the last axis. Call inside a tidy. */
  apply(x: tf.Tensor): tf.Tensor {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon))), this.gamma), this.beta);
  }

  /** `<name>.gamma`, `<name>.beta`. */
  variables(): NamedVariable[] {
    return [{ name: `${this.name}.gamma`, variable: this.gamma }, { name: `${this.name}.beta`, variable: this.beta }];
  }
}

/**
 * Inverted dropout: zeroes each element with probability `rate` and scales the rest by 1 / (1 − rate).
 * The mask is drawn from a seeded uniform stream, so a training step is reproducible from its seed.
 * `rate` 0 returns `x` itself. Call inside a tidy.
 */
export function seededDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (rate <= 0) return x;
  if (!(rate < 1)) throw new Error(`seededDropout: rate must be in [0, 1), got ${rate}`);
  const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), rate), 'float32');
  return tf.mul(x, tf.mul(keep, 1 / (1 - rate)));
}
