import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '@clrec/spec';
import { backendPlugin } from './backend-plugin';
import { initBackend } from './init-backend';
import { expectNoLeak } from './test-helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('initBackend (real packages; tfjs-node is not installed here)', () => {
  it('activates wasm on request, registers the kernels and logs one line', async () => {
    const lines: string[] = [];
    const info = await initBackend({ prefer: 'wasm', log: (l) => lines.push(l) });
    expect(info).toEqual({ name: 'wasm', tfBackend: 'wasm', tried: [], threads: 1, native: expect.stringMatching(/^native kernels: (on|off) \(/) });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
    expect(lines).toEqual([`[clrec] backend: wasm (tfjs "wasm", 1 thread, requested); ${info.native}`]);
    // Embedding gradients now work on wasm.
    expectNoLeak(() => {
      const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([1, 1, 0], 'int32'))))(tf.ones([3, 2])));
      expect(Array.from(g.dataSync())).toEqual([1, 1, 2, 2, 0, 0]);
      g.dispose();
    });
  });

  it('activates cpu on request', async () => {
    const info = await initBackend({ prefer: 'cpu', log: () => {} });
    expect(info).toEqual({ name: 'cpu', tfBackend: 'cpu', tried: [], threads: 1, native: null });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('is safe to call repeatedly', async () => {
    const a = await initBackend({ prefer: 'wasm', log: () => {} });
    const b = await initBackend({ prefer: 'wasm', log: () => {} });
    const [c, d] = await Promise.all([
      initBackend({ prefer: 'wasm', log: () => {} }),
      initBackend({ prefer: 'wasm', log: () => {} }),
    ]);
    for (const x of [b, c, d]) expect(x).toEqual(a);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('auto skips the missing native packages, says why, and picks wasm', async () => {
    const lines: string[] = [];
    const info = await initBackend({ log: (l) => lines.push(l) });
    expect(info.name).toBe('wasm');
    expect(info.tried.map((t) => t.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(info.tried[0]!.error).toMatch(/@tensorflow\/tfjs-node-gpu/);
    expect(info.tried[1]!.error).toMatch(/@tensorflow\/tfjs-node\b/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[clrec\] backend: wasm .*; skipped tensorflow-gpu: .*; tensorflow: /);
  });

  it('deterministic: auto never tries the tfjs-node backends, and naming one is refused', async () => {
    const info = await initBackend({ log: () => {}, deterministic: true });
    expect(info.name).toBe('wasm');
    expect(info.tried).toEqual([]);
    await expect(initBackend({ prefer: 'tensorflow', log: () => {}, deterministic: true })).rejects.toThrow(
      /^deterministic: backend "tensorflow" \(tfjs-node\) sums in an order that depends on its thread pool; use --backend wasm or cpu/,
    );
    expect((await initBackend({ prefer: 'cpu', log: () => {}, deterministic: true })).name).toBe('cpu');
  });

  it('throws a clear error when tensorflow-gpu is forced but not installed', async () => {
    await initBackend({ prefer: 'cpu', log: () => {} });
    const log = vi.fn();
    const err = (await initBackend({ prefer: 'tensorflow-gpu', log }).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/^Backend "tensorflow-gpu" is not available: @tensorflow\/tfjs-node-gpu/);
    expect(err.message).toMatch(/Available here: wasm, cpu\.$/);
    expect(log).not.toHaveBeenCalled();
    expect(tf.getBackend()).toBe('cpu'); // the probe restored the active backend
  });

  it('rejects an unknown backend name, and a browser backend under Node', async () => {
    await expect(initBackend({ prefer: 'metal' as 'cpu' })).rejects.toThrow(
      'Unknown backend "metal". Valid names: auto, tensorflow-gpu, tensorflow, wasm, cpu.',
    );
    await expect(initBackend({ prefer: 'webgl' })).rejects.toThrow(
      'Backend "webgl" does not run under Node; choose one of auto, tensorflow-gpu, tensorflow, wasm, cpu.',
    );
  });

  it('logs through console.error by default', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    await initBackend({ prefer: 'cpu' });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]![0]).toMatch(/^\[clrec\] backend: cpu/);
  });
});

describe('initBackend with Backend plugins', () => {
  const failing = (name: Backend['name']): Backend => ({
    specificationVersion: 'v1',
    name,
    activate: () => Promise.reject(new Error(`${name} is switched off in this test`)),
  });

  it('activates a user Backend given as prefer', async () => {
    const calls: string[] = [];
    const mine: Backend = {
      specificationVersion: 'v1',
      name: 'cpu',
      activate: async () => {
        calls.push('activate');
        return backendPlugin('cpu').activate();
      },
    };
    const info = await initBackend({ prefer: mine, log: () => {} });
    expect(calls).toEqual(['activate']);
    expect(info).toMatchObject({ name: 'cpu', tfBackend: 'cpu', tried: [] });
  });

  it('tries the given backends in order under auto', async () => {
    const lines: string[] = [];
    const info = await initBackend({ backends: [failing('wasm'), backendPlugin('cpu')], log: (l) => lines.push(l) });
    expect(info.name).toBe('cpu');
    expect(info.tried).toEqual([{ name: 'wasm', error: 'wasm is switched off in this test' }]);
    expect(lines[0]).toMatch(/skipped wasm: wasm is switched off in this test$/);
  });

  it('looks a named prefer up among the given backends', async () => {
    await expect(initBackend({ prefer: 'wasm', backends: [backendPlugin('cpu')], log: () => {} })).rejects.toThrow(
      /Backend "wasm" is not among the backends given \(cpu\)/,
    );
    await expect(initBackend({ prefer: 'wasm', backends: [failing('wasm'), backendPlugin('cpu')], log: () => {} })).rejects.toThrow(
      /^Backend "wasm" is not available: wasm is switched off in this test\. Available here: cpu\.$/,
    );
  });

  it('rejects a backend written for another specification version', async () => {
    const old = { name: 'cpu', activate: async () => 'cpu' } as unknown as Backend;
    await expect(initBackend({ prefer: old, log: () => {} })).rejects.toThrow(/implements specification undefined; .* needs v1/);
  });
});
