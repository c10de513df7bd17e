import { initBackend } from '@clrec/backend/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS, trainSideBySide } from './train-run';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

describe('trainSideBySide', () => {
  it('trains CLRec and sampled softmax interleaved, with falling losses and an evaluation per epoch', async () => {
    const order: string[] = [];
    let pauses = 0;
    const { runs, data } = await trainSideBySide({ ...DEFAULT_TRAIN_SETTINGS, users: 120, items: 60, epochs: 2, batchSize: 64, negatives: 128 }, {
      onUpdate: (rs) => order.push(rs.map((r) => r.losses.length).join(',')),
      pause: async () => {
        pauses++;
        await new Promise((r) => setTimeout(r, 0));
      },
      stopRequested: () => false,
    });
    expect(data.items).toBe(60);
    expect(runs.map((r) => r.name)).toEqual(['CLRec', 'Sampled softmax']);
    for (const r of runs) {
      expect(r.losses.length).toBe(2 * r.stepsPerEpoch);
      const k = Math.min(3, r.losses.length >> 1);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(r.losses.slice(-k))).toBeLessThan(mean(r.losses.slice(0, k)));
      expect(r.evals.map((e) => e.epoch)).toEqual([1, 2]);
      const last = r.evals[1];
      expect(last.hr10).toBeGreaterThanOrEqual(0);
      expect(last.aggregateDiversity).toBeGreaterThan(0);
      const impressions = last.buckets.reduce((a, b) => a + b.impressions, 0);
      expect(impressions).toBeGreaterThan(data.testUsers * 9); // ≤ 10 each: a long history leaves fewer than 10 items to list
      expect(impressions).toBeLessThanOrEqual(data.testUsers * 10);
    }
    expect(pauses).toBe(runs[0].losses.length + runs[1].losses.length);
    // interleaved: the second model has stepped before the first one finished
    expect(order.some((o) => o.startsWith('1,') && o !== '1,0')).toBe(true);
  });
});
