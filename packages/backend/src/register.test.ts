import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeStatus } from './native-addon';
import { activeNativeStatus, describeNative, setNativeStatusSource } from './native-status';
import { registerFastKernels } from './register';

const WITH_NATIVE = Symbol.for('@clrec/backend:fast-kernel-native');
const builtWithNative = (): unknown =>
  (tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc as unknown as Record<symbol, unknown>)[WITH_NATIVE];

afterAll(() => setNativeStatusSource(nativeStatus));

describe('the native addon as the main entry sees it', () => {
  it('is off, with the reason, until @clrec/backend/node supplies it', () => {
    setNativeStatusSource(undefined);
    expect(activeNativeStatus().addon).toBeNull();
    expect(describeNative()).toBe('native kernels: off (not loaded: import @clrec/backend/node to use it)');
    setNativeStatusSource(nativeStatus);
    expect(activeNativeStatus()).toBe(nativeStatus());
  });

  it.runIf(nativeStatus().addon !== null)('rebuilds kernels registered without the addon once it is supplied', async () => {
    setNativeStatusSource(undefined);
    registerFastKernels();
    expect(builtWithNative()).toBe(false);
    setNativeStatusSource(nativeStatus);
    registerFastKernels();
    expect(builtWithNative()).toBe(true);
    registerFastKernels(); // idempotent from here on
    expect(builtWithNative()).toBe(true);
    await tf.setBackend('wasm');
    const c = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1, 0], [0, 1]]), false, true));
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3, 4]);
    c.dispose();
  });
});
