import * as tf from '@tensorflow/tfjs';
import type { NamedVariable, Optimizer, OptimizerState, SparseRows } from '@clrec/spec';

/** Hyper-parameters of {@link Adam}. */
export interface AdamOptions {
  /** Learning rate (the paper's public-benchmark setting: 1e-3). */
  learningRate?: number;
  /** Decay of the first moment, default 0.9. */
  beta1?: number;
  /** Decay of the second moment, default 0.999. */
  beta2?: number;
  /** Denominator floor, default 1e-8. */
  epsilon?: number;
}

/**
 * Serialized Adam state: the step count and both moments of every parameter, keyed by its name. The
 * spec's `OptimizerState` (`@clrec/spec`), under the name the optimizers of this package exchange.
 */
export type AdamState = OptimizerState;

/**
 * Adam whose state is keyed by stable parameter names, so it can be checkpointed and restored exactly
 * (tfjs's built-in optimizer keys its state by engine-global variable names that change between
 * processes). Update: m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; θ ← θ − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m/(√v + ε).
 */
export class Adam implements Optimizer {
  /** Plugin specification version this optimizer implements. */
  readonly specificationVersion = 'v1' as const;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** None: every parameter is updated densely (see `LazyAdam` for row-sparse tables). */
  readonly sparseNames: ReadonlySet<string> = new Set();
  private t = 0;
  private readonly slots = new Map<string, { p: tf.Variable; m: tf.Variable; v: tf.Variable }>();

  /** @param params the parameters this optimizer updates (names must be unique). */
  constructor(params: NamedVariable[], options: AdamOptions = {}) {
    this.learningRate = options.learningRate ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    for (const { name, variable } of params) {
      if (this.slots.has(name)) throw new Error(`Adam: duplicate parameter name "${name}"`);
      this.slots.set(name, {
        p: variable,
        m: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
        v: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
      });
    }
  }

  /** Number of updates applied so far. */
  get step(): number {
    return this.t;
  }

  /**
   * Applies one update. `grads` maps parameter names to gradients of the same shape; parameters without
   * a gradient are left unchanged (their moments are not decayed). Gradients are not disposed.
   * @throws when given row gradients (`rows`): a dense Adam has no sparse tables
   */
  apply(grads: Map<string, tf.Tensor>, rows?: Map<string, SparseRows>): void {
    if (rows !== undefined && rows.size > 0) {
      throw new Error(`Adam.apply: got row gradients for ${[...rows.keys()].join(', ')}; use LazyAdam for sparse tables`);
    }
    this.t += 1;
    const { beta1: b1, beta2: b2 } = this;
    const lrT = (this.learningRate * Math.sqrt(1 - b2 ** this.t)) / (1 - b1 ** this.t);
    tf.tidy(() => {
      for (const [name, g] of grads) {
        const s = this.slots.get(name);
        if (!s) throw new Error(`Adam.apply: unknown parameter "${name}"`);
        const m = tf.add(tf.mul(s.m, b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(s.v, b2), tf.mul(tf.square(g), 1 - b2));
        s.m.assign(m);
        s.v.assign(v);
        s.p.assign(tf.sub(s.p, tf.mul(tf.div(m, tf.add(tf.sqrt(v), this.epsilon)), lrT)));
      }
    });
  }

  /** Reads the full state (step and moments) for a checkpoint. */
  async getState(): Promise<AdamState> {
    const slots: AdamState['slots'] = [];
    for (const [name, s] of this.slots) {
      slots.push({ name, shape: [...s.m.shape], m: (await s.m.data()) as Float32Array, v: (await s.v.data()) as Float32Array });
    }
    return { step: this.t, slots };
  }

  /** Restores a state from {@link Adam.getState}; every slot must match a parameter by name and shape. */
  setState(state: AdamState): void {
    for (const slot of state.slots) {
      const s = this.slots.get(slot.name);
      if (!s) throw new Error(`Adam.setState: checkpoint has parameter "${slot.name}" that this model lacks`);
      if (slot.shape.join('x') !== s.m.shape.join('x')) {
        throw new Error(`Adam.setState: "${slot.name}" has shape [${slot.shape}] in the checkpoint but [${s.m.shape}] here`);
      }
      tf.tidy(() => {
        s.m.assign(tf.tensor(slot.m, s.m.shape));
        s.v.assign(tf.tensor(slot.v, s.v.shape));
      });
    }
    this.t = state.step;
  }

  /** Frees the moment variables (not the parameters). */
  dispose(): void {
    for (const s of this.slots.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.slots.clear();
  }
}

/**
 * Computes a scalar loss and its gradients with respect to named parameters.
 * Returns the loss value (a number) and a name → gradient map the caller must dispose.
 */
export function lossAndGrads(
  params: NamedVariable[],
  f: () => tf.Scalar,
): { loss: tf.Scalar; grads: Map<string, tf.Tensor> } {
  const byTfName = new Map(params.map((p) => [p.variable.name, p.name]));
  const { value, grads } = tf.variableGrads(f, params.map((p) => p.variable));
  const out = new Map<string, tf.Tensor>();
  for (const [tfName, g] of Object.entries(grads)) out.set(byTfName.get(tfName) ?? tfName, g);
  return { loss: value, grads: out };
}
