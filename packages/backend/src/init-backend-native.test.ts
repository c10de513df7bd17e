import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackendWith } from './init-backend';
import { describeLoadError, type ModuleImporter } from './node-bindings';

/** Simulates the native packages: a broken pnpm-linked tfjs-node-gpu and a working tfjs-node. */
let fakeNode: ModuleImporter;
const imported: string[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  const CpuBackend = tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend;
  fakeNode = async (name) => {
    imported.push(name);
    if (name === '@tensorflow/tfjs-node-gpu') {
      throw new Error('The specified module could not be found.\n/x/lib/napi-v8/tfjs_binding.node');
    }
    if (name === '@tensorflow/tfjs-node') {
      tf.registerBackend('tensorflow', () => new CpuBackend(), 3);
      return {};
    }
    throw new Error(`unexpected import ${name}`);
  };
});

describe('initBackend with native packages (simulated)', () => {
  it('explains a forced backend whose package fails to load, and lists the others', async () => {
    await expect(initBackendWith({ prefer: 'tensorflow-gpu', log: () => {} }, fakeNode)).rejects.toThrow(
      'Backend "tensorflow-gpu" is not available: @tensorflow/tfjs-node-gpu failed to load: ' +
        'The specified module could not be found. Available here: tensorflow, wasm, cpu.',
    );
    expect(tf.getBackend()).toBe('cpu'); // restored after probing
  });

  it('treats a package whose require throws as unavailable and falls through to the next', async () => {
    const lines: string[] = [];
    const info = await initBackendWith({ log: (l) => lines.push(l) }, fakeNode);
    expect(info.name).toBe('tensorflow');
    expect(info.tfBackend).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(info.threads).toBe(availableParallelism());
    expect(info.tried).toEqual([
      {
        name: 'tensorflow-gpu',
        error: '@tensorflow/tfjs-node-gpu failed to load: The specified module could not be found.',
      },
    ]);
    expect(lines[0]).toMatch(/backend: tensorflow \(tfjs "tensorflow", \d+ threads?\); skipped tensorflow-gpu: /);
  });

  it('loads each package once, however often it is called', async () => {
    await initBackendWith({ prefer: 'tensorflow', log: () => {} }, fakeNode);
    await initBackendWith({ log: () => {} }, fakeNode);
    expect(imported).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
  });

  it('refuses to switch native packages within one process', async () => {
    const gpuOk: ModuleImporter = async () => ({});
    await expect(initBackendWith({ prefer: 'tensorflow-gpu', log: () => {} }, gpuOk)).rejects.toThrow(
      'Backend "tensorflow-gpu" is not available: @tensorflow/tfjs-node is already loaded in this ' +
        'process and owns the tfjs backend "tensorflow"; restart the process to switch to ' +
        '@tensorflow/tfjs-node-gpu. Available here: tensorflow, wasm, cpu.',
    );
  });

  it('reports a package that loads but registers no backend', async () => {
    tf.removeBackend('tensorflow');
    const empty: ModuleImporter = async () => ({});
    await tf.setBackend('cpu');
    await expect(initBackendWith({ prefer: 'tensorflow', log: () => {} }, empty)).rejects.toThrow(
      /registered no tfjs backend "tensorflow"/,
    );
  });
});

describe('describeLoadError', () => {
  it('says "not installed" for a missing package', () => {
    const e = Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node' imported from /x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(describeLoadError('@tensorflow/tfjs-node', e)).toBe(
      '@tensorflow/tfjs-node is not installed (pnpm add @tensorflow/tfjs-node)',
    );
  });

  it('keeps the first line of other errors, and copes with non-errors', () => {
    expect(describeLoadError('p', new Error('boom\nstack'))).toBe('p failed to load: boom');
    expect(describeLoadError('p', 'weird')).toBe('p failed to load: weird');
  });
});
