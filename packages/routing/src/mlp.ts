import * as tf from '@tensorflow/tfjs';
import { glorotNormalVariable, type NamedVariable, type Rng, zerosVariable } from '@clrec/core';

/**
 * A multilayer perceptron applied along the last axis: tanh between layers, the last layer linear
 * (Multi-CLRec's MLP₂ importance, MLP₃ intention and MLP₄ selector networks, KDD Eqs. 6, 8, 9).
 * Weights are Glorot-normal from the seeded generator (layer by layer, weight before bias), biases zero.
 */
export class Mlp {
  /** Input width. */
  readonly inDim: number;
  /** Output width. */
  readonly outDim: number;
  private readonly layers: { w: tf.Variable; b: tf.Variable }[] = [];
  private readonly prefix: string;

  /**
   * @param widths layer widths including input and output, e.g. `[2d, hidden, d]` (≥ 2 entries)
   * @param name variable prefix: `<name>.l<i>.w` and `<name>.l<i>.b`
   * @param zeroLast start the last layer's weight at zero (the MLP outputs 0 at first: a residual branch)
   */
  constructor(rng: Rng, widths: number[], name: string, zeroLast = false) {
    if (widths.length < 2 || !widths.every((w) => Number.isInteger(w) && w >= 1)) {
      throw new Error(`Mlp ${name}: widths must be >= 2 positive integers, got [${widths}]`);
    }
    this.inDim = widths[0];
    this.outDim = widths[widths.length - 1];
    this.prefix = name;
    for (let i = 0; i + 1 < widths.length; i++) {
      const last = i + 2 === widths.length;
      const w = zeroLast && last ? zerosVariable([widths[i], widths[i + 1]]) : glorotNormalVariable(rng, [widths[i], widths[i + 1]]);
      this.layers.push({ w, b: zerosVariable([widths[i + 1]]) });
    }
  }

  /** `[..., inDim]` → `[..., outDim]`. Call inside a tidy. */
  apply(x: tf.Tensor): tf.Tensor {
    const lead = x.shape.slice(0, -1);
    if (x.shape[x.shape.length - 1] !== this.inDim) throw new Error(`Mlp ${this.prefix}: input width ${x.shape[x.shape.length - 1]}, expected ${this.inDim}`);
    let h = tf.reshape(x, [-1, this.inDim]) as tf.Tensor2D;
    this.layers.forEach(({ w, b }, i) => {
      h = tf.add(tf.matMul(h, w as tf.Tensor2D), b) as tf.Tensor2D;
      if (i + 1 < this.layers.length) h = tf.tanh(h);
    });
    return tf.reshape(h, [...lead, this.outDim]);
  }

  /** The layers' weights and biases, in layer order. */
  variables(): NamedVariable[] {
    return this.layers.flatMap(({ w, b }, i) => [
      { name: `${this.prefix}.l${i}.w`, variable: w },
      { name: `${this.prefix}.l${i}.b`, variable: b },
    ]);
  }
}
