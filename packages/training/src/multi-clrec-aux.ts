import * as tf from '@tensorflow/tfjs';
import type { ItemEncoder, SequenceBatch } from '@clrec/core';
import type { ItemFeature } from '@clrec/datasets';
import { type IntentForward, multiIntentAuxLosses, MultiIntentEncoder } from '@clrec/routing';
import type { TrainConfig } from './config';
import type { Model } from './model';
import { describeCategories, resolveIntentCategories } from './multi-clrec-model';
import type { StepAuxiliary } from './train-step';
import { U2uAuxiliary } from './u2u-aux';

/** Running means of the three auxiliary losses since the last {@link MultiClrecAuxiliary.takeMeans}. */
export interface AuxLossMeans {
  aux1: number;
  aux2: number;
  aux3: number;
  steps: number;
}

/**
 * Multi-CLRec's auxiliary losses (KDD Eqs. 10–12) as a training-step extension: it runs the user
 * encoder's full forward pass itself (so the routing and intention tensors of f(x) are reused, not
 * recomputed), then adds λ·(aux1 + aux2 + aux3) with g(y_T) from the label-side item encoder. The
 * paper's λ₁ = λ₂ = λ₃ = 1. It also keeps running means of the three terms for logs.
 */
export class MultiClrecAuxiliary implements StepAuxiliary {
  readonly name = 'multi-clrec-aux';
  private forward: IntentForward | null = null;
  private pending: tf.Tensor1D | null = null;
  private sums = { aux1: 0, aux2: 0, aux3: 0, steps: 0 };

  /**
   * @param encoder the model's user encoder
   * @param labelEncoder the model's label-side item encoder (g(y_T) of aux 2)
   * @param weight λ applied to each of the three losses
   */
  constructor(private readonly encoder: MultiIntentEncoder, private readonly labelEncoder: ItemEncoder, private readonly weight: number) {
    if (!(weight >= 0)) throw new Error(`MultiClrecAuxiliary: weight must be >= 0, got ${weight}`);
  }

  /** f(x) from the forward pass kept for {@link MultiClrecAuxiliary.loss}. */
  encodeUsers(seq: SequenceBatch): tf.Tensor2D {
    this.forward = this.encoder.forward(seq);
    return this.forward.user;
  }

  /** λ (aux1 + aux2 + aux3) for the batch's targets. */
  loss(_users: tf.Tensor2D, batch: { positives: Int32Array }): tf.Scalar {
    if (!this.forward) throw new Error('MultiClrecAuxiliary.loss: encodeUsers was not called in this step');
    const w = this.weight;
    const a = multiIntentAuxLosses(this.encoder, this.forward, tf.tensor1d(batch.positives, 'int32'), { weights: [w, w, w], labelEncoder: this.labelEncoder });
    this.pending?.dispose();
    this.pending = tf.keep(tf.stack([a.aux1, a.aux2, a.aux3]) as tf.Tensor1D);
    this.forward = null;
    return a.total;
  }

  /** Adds this step's three values to the running means. */
  commit(): void {
    if (!this.pending) return;
    const [a1, a2, a3] = this.pending.dataSync();
    this.pending.dispose();
    this.pending = null;
    this.sums.aux1 += a1;
    this.sums.aux2 += a2;
    this.sums.aux3 += a3;
    this.sums.steps++;
  }

  /** The unweighted means since the last call, and resets them. */
  takeMeans(): AuxLossMeans {
    const { aux1, aux2, aux3, steps } = this.sums;
    const n = Math.max(1, steps);
    this.sums = { aux1: 0, aux2: 0, aux3: 0, steps: 0 };
    return { aux1: aux1 / n, aux2: aux2 / n, aux3: aux3 / n, steps };
  }

  /** Frees the last step's pending values. */
  dispose(): void {
    this.pending?.dispose();
    this.pending = null;
  }
}

/** The Multi-CLRec auxiliary of a model whose user encoder is a {@link MultiIntentEncoder}, else null. */
export function multiClrecAuxiliary(user: unknown, labelEncoder: ItemEncoder, weight: number): MultiClrecAuxiliary | null {
  return user instanceof MultiIntentEncoder ? new MultiClrecAuxiliary(user, labelEncoder, weight) : null;
}

/** The extra objectives of a run and their bookkeeping (see {@link buildAuxiliaries}). */
export interface RunAuxiliaries {
  /** Passed to every training step. */
  list: StepAuxiliary[];
  /** A log line with the epoch's mean auxiliary losses (empty when there are none); resets the means. */
  epochSummary(): string;
  /** Frees pending tensors. */
  dispose(): void;
}

/**
 * The step extensions a config asks for: Multi-CLRec's auxiliary losses (λ = `auxWeight`) when the
 * user encoder is `multi-clrec`, and the u2u pretext task (weight `u2u`, key encoder `model.u2uKey`, or
 * `model.user` itself with `u2uKeyEncoder: 'shared'`, cached queue of `u2uQueueSize` keys, futures of ≤ `u2uLength` clicks) when `u2u > 0`. Logs what it set up.
 * @param features the dataset's item features (to report the resolved intention categories)
 */
export function buildAuxiliaries(config: TrainConfig, model: Model, features: ItemFeature[], log: (line: string) => void): RunAuxiliaries {
  const multi = multiClrecAuxiliary(model.user, model.item, config.auxWeight); // null unless f(x) is Multi-CLRec's encoder
  if (multi) {
    const cats = resolveIntentCategories(config.intentCategory, features, model.item.numItems);
    log(`multi-clrec: H = ${config.intentions} intentions, categories ${describeCategories(cats)}, aux weights λ = ${config.auxWeight}`);
  }
  let u2u: U2uAuxiliary | null = null;
  if (config.u2u > 0) {
    const shared = config.u2uKeyEncoder === 'shared';
    const keyEncoder = shared ? model.user : model.u2uKey;
    if (!keyEncoder) throw new Error("u2u: the model has no u2u key encoder (build it with config.u2u > 0, or use u2uKeyEncoder 'shared')");
    u2u = new U2uAuxiliary(keyEncoder, {
      weight: config.u2u, temperature: config.temperature, capacity: config.u2uQueueSize || config.queueSize, futureLength: config.u2uLength,
    });
    const keyDesc = shared ? 'keys encoded by the query encoder f itself' : `${config.userEncoder} key encoder, shared item embeddings`;
    log(`u2u: weight ${config.u2u}, key = next <= ${config.u2uLength} clicks (${keyDesc}), cached queue of ${config.u2uQueueSize || config.queueSize} keys`);
  }
  const list: StepAuxiliary[] = [multi, u2u].filter((a): a is MultiClrecAuxiliary | U2uAuxiliary => a !== null);
  return {
    list,
    epochSummary: () => {
      if (!multi) return '';
      const m = multi.takeMeans();
      return `multi-clrec aux (epoch mean): polarity ${m.aux1.toFixed(4)}  intention match ${m.aux2.toFixed(4)}  balance ${m.aux3.toFixed(4)}`;
    },
    dispose: () => {
      multi?.dispose();
      u2u?.dispose();
    },
  };
}
