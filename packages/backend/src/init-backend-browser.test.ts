import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BROWSER_BACKEND_NAMES, parseBackendName } from './backend-name';
import { initBackendWith } from './init-backend';
import type { ModuleImporter } from './node-bindings';

/** A tfjs backend factory that is really the JS CPU backend (stands in for WebGL / WebGPU here). */
let cpuLike: () => tf.KernelBackend;
const never: ModuleImporter = async (name) => {
  throw Object.assign(new Error(`Cannot find package '${name}' imported from /x`), { code: 'ERR_MODULE_NOT_FOUND' });
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  const CpuBackend = tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend;
  cpuLike = () => new CpuBackend();
});

afterEach(async () => {
  vi.unstubAllGlobals();
  for (const name of ['webgl', 'webgpu']) if (tf.findBackendFactory(name) != null) tf.removeBackend(name);
  await tf.setBackend('cpu');
});

describe('initBackend in a browser (simulated)', () => {
  it('tries webgpu, webgl, wasm, cpu in that order and says why each was skipped', async () => {
    const lines: string[] = [];
    const info = await initBackendWith({ log: (l) => lines.push(l) }, never, 'browser');
    expect(info.name).toBe('wasm');
    expect(info.tried).toEqual([
      { name: 'webgpu', error: 'WebGPU is not available here (no navigator.gpu)' },
      { name: 'webgl', error: 'no tfjs backend "webgl" is registered' },
    ]);
    expect(lines[0]).toMatch(/^\[clrec\] backend: wasm .*; skipped webgpu: WebGPU is not available here/);
  });

  it('picks webgl where @tensorflow/tfjs registered it', async () => {
    tf.registerBackend('webgl', cpuLike, 0);
    const info = await initBackendWith({ log: () => {} }, never, 'browser');
    expect(info).toMatchObject({ name: 'webgl', tfBackend: 'webgl', threads: 1, native: null });
    expect(info.tried.map((t) => t.name)).toEqual(['webgpu']);
    expect(tf.getBackend()).toBe('webgl');
  });

  it('imports @tensorflow/tfjs-backend-webgpu at run time where navigator.gpu exists', async () => {
    vi.stubGlobal('navigator', { gpu: {} });
    const imported: string[] = [];
    const webgpu: ModuleImporter = async (name) => {
      imported.push(name);
      tf.registerBackend('webgpu', cpuLike, 0);
      return {};
    };
    const info = await initBackendWith({ log: () => {} }, webgpu, 'browser');
    expect(info).toMatchObject({ name: 'webgpu', tfBackend: 'webgpu', tried: [], threads: 1, native: null });
    expect(imported).toEqual(['@tensorflow/tfjs-backend-webgpu']);
  });

  it('uses a webgpu backend the application registered itself, and explains a missing package', async () => {
    vi.stubGlobal('navigator', { gpu: {} });
    const missing = await initBackendWith({ log: () => {} }, never, 'browser');
    expect(missing.tried[0]!.error).toBe(
      "@tensorflow/tfjs-backend-webgpu is not installed (pnpm add @tensorflow/tfjs-backend-webgpu); when bundling, import '@tensorflow/tfjs-backend-webgpu' yourself before initBackend",
    );
    tf.registerBackend('webgpu', cpuLike, 0);
    expect((await initBackendWith({ prefer: 'webgpu', log: () => {} }, never, 'browser')).name).toBe('webgpu');
  });

  it('deterministic skips the GPU backends under auto and refuses them by name', async () => {
    tf.registerBackend('webgl', cpuLike, 0);
    const info = await initBackendWith({ log: () => {}, deterministic: true }, never, 'browser');
    expect(info).toMatchObject({ name: 'wasm', tried: [] });
    await expect(initBackendWith({ prefer: 'webgl', log: () => {}, deterministic: true }, never, 'browser')).rejects.toThrow(
      /^deterministic: backend "webgl" \(GPU\) sums in an order the GPU and its driver choose/,
    );
  });

  it('refuses the Node backends by name, and parses the browser names', async () => {
    await expect(initBackendWith({ prefer: 'tensorflow', log: () => {} }, never, 'browser')).rejects.toThrow(
      'Backend "tensorflow" does not run in a browser; choose one of auto, webgpu, webgl, wasm, cpu.',
    );
    expect(BROWSER_BACKEND_NAMES).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(parseBackendName(' WebGL ', BROWSER_BACKEND_NAMES)).toBe('webgl');
    expect(() => parseBackendName('tensorflow', BROWSER_BACKEND_NAMES)).toThrow(
      'Unknown backend "tensorflow". Valid names: auto, webgpu, webgl, wasm, cpu.',
    );
  });
});
