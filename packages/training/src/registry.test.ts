import { initBackend } from '@clrec/backend/node';
import { MeanPoolEncoder } from '@clrec/encoders';
import { InBatchQueue } from '@clrec/queues';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyConfig, CONFIG_HELP, DEFAULT_CONFIG } from './config';
import { PluginRegistry } from './plugin-registry';
import { LOSSES, QUEUES, resolveObjective } from './registry';
import { tinyRun } from './test-setup';
import { USER_ENCODERS } from './user-encoders';
import { train } from './train';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => {} });
});

describe('PluginRegistry', () => {
  it('refuses a taken or malformed name and lists the valid names for an unknown one', () => {
    const r = new PluginRegistry<{ description: string }>('widget').register('a', { description: 'A' });
    expect(() => r.register('a', { description: 'again' })).toThrow(/widget registry: "a" is already registered; call unregister\("a"\) first/);
    expect(() => r.register('Bad Name', { description: '' })).toThrow(/invalid name "Bad Name"/);
    r.register('b', { description: 'B' });
    expect(() => r.get('c')).toThrow('unknown widget "c"; valid: a, b');
    expect(r.describe()).toBe('a (A) | b (B)');
    expect(r.unregister('a')).toBe(true);
    expect(r.names()).toEqual(['b']);
  });
});

describe('the built-in registries', () => {
  it('derive the compatible queues of each loss from its requirements and the queue kinds', () => {
    const allowed = (loss: string) => {
      try {
        resolveObjective({ ...DEFAULT_CONFIG, loss, queue: 'nope' });
      } catch (e) {
        return (e as Error).message.split('use one of: ')[1];
      }
      return '';
    };
    expect(allowed('infonce')).toBe('in-batch, inter, cached, moco, sampled, full, multi-intent');
    expect(allowed('sampled-softmax')).toBe('sampled');
    expect(allowed('negative-sampling')).toBe('per-user');
    expect(allowed('shared-negative-sampling')).toBe('sampled');
    expect(allowed('ipw')).toBe('full');
    expect(resolveObjective({ ...DEFAULT_CONFIG, loss: 'sampled-softmax' }).queue).toBe('sampled');
    expect(resolveObjective({ ...DEFAULT_CONFIG, userEncoder: 'multi-clrec' }).queue).toBe('multi-intent');
    // defaults and limits come from the loss entries, not from name checks
    expect(resolveObjective({ ...DEFAULT_CONFIG, loss: 'negative-sampling' }).proposal).toBe('degree');
    expect(resolveObjective({ ...DEFAULT_CONFIG, loss: 'sampled-softmax' }).proposal).toBe('popularity');
    expect(() => resolveObjective({ ...DEFAULT_CONFIG, loss: 'full-softmax', similarity: 'dot' })).toThrow('similarity "dot" is implemented for loss infonce only (got loss "full-softmax")');
  });

  afterAll(() => {
    QUEUES.unregister('test-in-batch');
    USER_ENCODERS.unregister('test-mean');
  });

  it('a user encoder added with one register call trains from a recipe', async () => {
    let built = 0;
    USER_ENCODERS.register('test-mean', {
      description: 'mean pooling, counted', positions: 'last', timeBuckets: false,
      options: (c) => ({ kind: 'test-mean', maxLen: c.maxLen }),
      build: (o: { maxLen: number }, x) => {
        built++;
        return new MeanPoolEncoder({ itemEncoder: x.itemEncoder, maxLen: o.maxLen, positional: 'none', rng: x.rng, name: x.prefix });
      },
    });
    const config = applyConfig(tinyRun({ epochs: 1 }).config, { userEncoder: 'test-mean' }, 'flags');
    const res = await train({ config, backend: 'wasm', log: () => {} });
    expect(built).toBe(1);
    expect(Number.isFinite(res!.metrics.test['HR@10'])).toBe(true);
  });

  it('a queue added with one register call is a valid config value, in the help text, and trains', async () => {
    expect(() => applyConfig(DEFAULT_CONFIG, { queue: 'test-in-batch' }, 'flags')).toThrow(/"queue" is "test-in-batch"; valid values: auto, in-batch/);
    let built = 0;
    QUEUES.register('test-in-batch', {
      description: 'in-batch, counted', kind: 'fifo', provides: {},
      create: () => {
        built++;
        return new InBatchQueue();
      },
    });
    expect(CONFIG_HELP.queue).toContain('test-in-batch (in-batch, counted)');
    const config = applyConfig(tinyRun({ epochs: 1 }).config, { queue: 'test-in-batch' }, 'flags');
    const res = await train({ config, backend: 'wasm', log: () => {} });
    expect(built).toBe(1);
    expect(Number.isFinite(res!.history[0].loss)).toBe(true);
    expect(LOSSES.names()).toContain('infonce');
  });
});
