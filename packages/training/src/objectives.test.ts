import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from './checkpoint';
import { applyConfig } from './config';
import { resolveObjective } from './registry';
import { tinyRun } from './test-setup';
import { train } from './train';

const quiet = () => {};

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
});

describe('objectives and queues from the config', () => {
  const combos: [string, string][] = [
    ['infonce', 'in-batch'], ['infonce', 'inter'], ['infonce', 'cached'], ['infonce', 'moco'], ['infonce', 'sampled'],
    ['full-softmax', 'auto'], ['sampled-softmax', 'auto'], ['negative-sampling', 'auto'], ['shared-negative-sampling', 'auto'], ['ipw', 'auto'],
  ];
  const cases = combos.flatMap(([l, q]) => [[l, q, false], [l, q, true]] as [string, string, boolean][]);
  it.each(cases)('%s with queue %s (accidental-hit mask %s) trains to finite losses and metrics', async (loss, queue, mask) => {
    const base = tinyRun({ epochs: 1, negatives: 16, maskAccidentalHits: mask }).config;
    const config = applyConfig(base, { loss, queue }, 'test');
    const res = await train({ config, backend: 'wasm', log: quiet });
    expect(Number.isFinite(res!.history[0].loss)).toBe(true);
    expect(res!.metrics.test['HR@20']).toBeGreaterThanOrEqual(0);
    expect(res!.config.queue).not.toBe('auto');
  });

  it('resolves auto queues and proposals and rejects incompatible pairs with the valid ones', () => {
    const { config } = tinyRun();
    expect(resolveObjective({ ...config, loss: 'sampled-softmax', queue: 'auto' })).toMatchObject({ queue: 'sampled', proposal: 'popularity' });
    expect(resolveObjective({ ...config, loss: 'negative-sampling', queue: 'auto' })).toMatchObject({ queue: 'per-user', proposal: 'degree' });
    expect(() => resolveObjective({ ...config, loss: 'sampled-softmax', queue: 'inter' })).toThrow(/cannot train with queue "inter"; use one of: sampled/);
    expect(() => applyConfig(config, { loss: 'bpr' }, 'cli')).toThrow(/valid values: infonce, full-softmax, sampled-softmax/);
  });

  it.each(['cached', 'moco'])('resumes a %s run exactly (vector queue and key encoder restored)', async (queue) => {
    const full = await train({ config: tinyRun({ epochs: 2, queue: queue as 'cached' }).config, backend: 'wasm', log: quiet });
    const { config } = tinyRun({ epochs: 2, queue: queue as 'cached' });
    const stopAt = Math.ceil(full!.dataset.trainExamples / 32) + 3;
    expect(await train({ config, backend: 'wasm', log: quiet, stopAfterSteps: stopAt })).toBeNull();
    const ck = loadCheckpoint(join(config.out, 'checkpoints', 'last'));
    expect(ck.manifest.state.queue.vectors!.length).toBeGreaterThan(0);
    if (queue === 'moco') expect(ck.manifest.params.some((p) => p.name === 'moco_key.id_embedding')).toBe(true);
    const resumed = await train({ config, resume: ck, backend: 'wasm', log: quiet });
    expect(resumed!.metrics).toEqual(full!.metrics);
  });

  it('resumes a sampled-softmax run exactly (sampler RNG restored)', async () => {
    const full = await train({ config: tinyRun({ epochs: 2, loss: 'sampled-softmax', negatives: 16 }).config, backend: 'wasm', log: quiet });
    const { config } = tinyRun({ epochs: 2, loss: 'sampled-softmax', negatives: 16 });
    const stopAt = Math.ceil(full!.dataset.trainExamples / 32) + 2;
    await train({ config, backend: 'wasm', log: quiet, stopAfterSteps: stopAt });
    const resumed = await train({ config, resume: loadCheckpoint(join(config.out, 'checkpoints', 'last')), backend: 'wasm', log: quiet });
    expect(resumed!.history.map((h) => h.loss)).toEqual(full!.history.map((h) => h.loss));
  });
});

describe('user-supplied plugins', () => {
  it('trains with a custom Loss object and a custom queue factory', async () => {
    const { infoNceLoss } = await import('@clrec/core');
    const { InBatchQueue } = await import('@clrec/queues');
    const base = infoNceLoss({ temperature: 0.1 });
    let calls = 0;
    const myLoss = { specificationVersion: 'v1' as const, name: 'my-loss', requires: {}, compute: (input: Parameters<typeof base.compute>[0]) => { calls++; return base.compute(input); } };
    let built = 0;
    const res = await train({
      config: tinyRun({ epochs: 1 }).config, backend: 'wasm', log: quiet,
      loss: myLoss, queue: () => { built++; return new InBatchQueue(); },
    });
    expect(built).toBe(1);
    expect(calls).toBe(Math.ceil(res!.dataset.trainExamples / 32));
    expect(Number.isFinite(res!.history[0].loss)).toBe(true);
  });
});
