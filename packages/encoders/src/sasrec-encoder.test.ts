import * as tf from '@tensorflow/tfjs';
import { Rng } from '@clrec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PositionalMode } from './history-embedding';
import { ItemIdEmbedding } from './item-id-embedding';
import { SasRecEncoder } from './sasrec-encoder';
import { packHistories, toSequenceBatch } from './sequence-batch';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function model(positional: PositionalMode = 'forward', maxLen = 8, heads = 2) {
  const rng = new Rng(5);
  const item = new ItemIdEmbedding({ numItems: 20, dim: 6, rng, initStd: 0.5 });
  const user = new SasRecEncoder({ itemEncoder: item, blocks: 2, heads, maxLen, dropout: 0.3, positional, rng });
  return { item, user, dispose: () => [...item.variables(), ...user.variables()].forEach((v) => v.variable.dispose()) };
}

const states = (user: SasRecEncoder, histories: number[][], maxLen: number, seed?: number): number[][][] =>
  tf.tidy(() => user.encodeSequence(toSequenceBatch(packHistories(histories, maxLen)), { dropoutSeed: seed }).arraySync() as number[][][]);

const last = (user: SasRecEncoder, histories: number[][], maxLen: number): number[][] =>
  tf.tidy(() => user.encode(toSequenceBatch(packHistories(histories, maxLen))).arraySync() as number[][]);

const close = (a: number[], b: number[], digits = 5) => a.forEach((v, j) => expect(v).toBeCloseTo(b[j], digits));

describe('SasRecEncoder', () => {
  it('gives [B, T, d] states and [B, d] user vectors, zero on padding, without leaking tensors', () => {
    const m = model();
    const before = tf.memory().numTensors;
    const s = states(m.user, [[1, 2, 3], [4]], 5);
    expect([s.length, s[0].length, s[0][0].length]).toEqual([2, 5, 6]);
    for (const t of [0, 1, 2, 3]) expect(s[1][t].every((v) => v === 0)).toBe(true); // row 1 is left-padded by 4
    expect(s[1][4].some((v) => v !== 0)).toBe(true);
    const u = last(m.user, [[1, 2, 3], [4]], 5);
    expect([u.length, u[0].length]).toEqual([2, 6]);
    close(u[0], s[0][4]);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it.each(['forward', 'backward', 'none'] as const)('padding never changes an output (%s positions)', (mode) => {
    const m = model(mode, 12);
    const hist = [[3, 1, 4, 1, 5], [9, 2]];
    const tight = states(m.user, hist, 5);
    const padded = states(m.user, hist, 12); // 7 and 10 more padding columns
    for (let t = 0; t < 5; t++) close(padded[0][7 + t], tight[0][t]);
    for (let t = 0; t < 2; t++) close(padded[1][10 + t], tight[1][3 + t]);
    // the id stored in a padding slot does not matter either
    const out = tf.tidy(() => {
      const host = packHistories(hist, 12);
      host.items[0] = 17;
      host.items[12 + 3] = 8;
      return m.user.encodeSequence(toSequenceBatch(host)).arraySync() as number[][][];
    });
    for (let t = 0; t < 12; t++) close(out[0][t], padded[0][t]);
    for (let t = 0; t < 12; t++) close(out[1][t], padded[1][t]);
    m.dispose();
  });

  it('is causal: the state after click t equals the user vector of the prefix ending at t (backward positions)', () => {
    const m = model('backward', 8);
    const h = [2, 7, 7, 11, 3, 19];
    const s = states(m.user, [h], 6)[0];
    for (let t = 0; t < h.length; t++) close(s[t], last(m.user, [h.slice(0, t + 1)], 8)[0]);
    // with forward positions a later click shifts every position, but never which items are seen:
    const f = model('forward', 8);
    const a = states(f.user, [[2, 7, 7, 11]], 4)[0];
    const b = states(f.user, [[2, 7, 7, 12]], 4)[0]; // only the last click differs
    for (let t = 0; t < 3; t++) close(a[t], b[t]);
    expect(Math.max(...a[3].map((v, j) => Math.abs(v - b[3][j])))).toBeGreaterThan(1e-4);
    m.dispose();
    f.dispose();
  });

  it('applies dropout only with a seed, reproducibly, and gradients reach every parameter', () => {
    const m = model();
    const h = [[1, 2, 3, 4], [5, 6]];
    const a = states(m.user, h, 4, 123);
    const b = states(m.user, h, 4, 123);
    const c = states(m.user, h, 4, 124);
    const plain = states(m.user, h, 4);
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).not.toEqual(JSON.stringify(c));
    expect(JSON.stringify(a)).not.toEqual(JSON.stringify(plain));
    const params = [...m.item.variables(), ...m.user.variables()];
    const before = tf.memory().numTensors;
    const grads = tf.tidy(() => {
      const { grads: g } = tf.variableGrads(() => {
        const s = m.user.encodeSequence(toSequenceBatch(packHistories(h, 4)));
        return tf.sum(tf.mul(s, tf.randomNormal(s.shape, 0, 1, 'float32', 9))) as tf.Scalar;
      }, params.map((p) => p.variable));
      return params.map((p) => tf.max(tf.abs(g[p.variable.name])).dataSync()[0]);
    });
    params.forEach((p, i) => expect(grads[i], p.name).toBeGreaterThan(0));
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('one click, one block, no positions: matches a hand-built forward pass (LN, attention = V(x), FFN, final LN)', () => {
    const rng = new Rng(8);
    const item = new ItemIdEmbedding({ numItems: 3, dim: 2, rng, initStd: 1 });
    const user = new SasRecEncoder({ itemEncoder: item, blocks: 1, heads: 1, maxLen: 2, dropout: 0, positional: 'none', rng });
    const w = Object.fromEntries(user.variables().map((v) => [v.name, v.variable.arraySync() as number[][] | number[]]));
    const e = (item.table.arraySync() as number[][])[2].map((v) => v * Math.SQRT2);
    const ln = (x: number[], g: number[], bta: number[]) => {
      const mu = (x[0] + x[1]) / 2;
      const vr = ((x[0] - mu) ** 2 + (x[1] - mu) ** 2) / 2;
      return x.map((v, j) => ((v - mu) / Math.sqrt(vr + 1e-8)) * g[j] + bta[j]);
    };
    const dense = (x: number[], W: number[][], b: number[]) => b.map((bj, j) => bj + x[0] * W[0][j] + x[1] * W[1][j]);
    const p = 'user.block0';
    // a single visible key: attention weight 1, so the context is V(x) = x W_v + b_v
    const q = ln(e, w[`${p}.ln_attention.gamma`] as number[], w[`${p}.ln_attention.beta`] as number[]);
    const ctx = dense(e, w[`${p}.attention.value.w`] as number[][], w[`${p}.attention.value.b`] as number[]);
    const x = ln(q.map((v, j) => v + ctx[j]), w[`${p}.ln_feed_forward.gamma`] as number[], w[`${p}.ln_feed_forward.beta`] as number[]);
    const hid = dense(x, w[`${p}.feed_forward.l1.w`] as number[][], w[`${p}.feed_forward.l1.b`] as number[]).map((v) => Math.max(0, v));
    const ff = dense(hid, w[`${p}.feed_forward.l2.w`] as number[][], w[`${p}.feed_forward.l2.b`] as number[]);
    const want = ln(x.map((v, j) => v + ff[j]), w['user.ln_final.gamma'] as number[], w['user.ln_final.beta'] as number[]);
    close(last(user, [[2]], 2)[0], want, 4);
    [...item.variables(), ...user.variables()].forEach((v) => v.variable.dispose());
  });
});
